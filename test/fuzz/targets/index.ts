/**
 * Every fuzz target. `test/fuzz-coverage.test.ts` (unit suite) checks that each parser, reader
 * and decoder exported by `src/index.ts` is covered by one of them (`covers`), or excluded there
 * with a reason.
 */
import type { FuzzTarget } from "../target.js";
import { configTargets } from "./config.js";
import { dumpTargets } from "./dumps.js";
import { exportTargets } from "./export.js";
import { filterTargets } from "./filter.js";
import { offlineTargets } from "./offline.js";
import { ovnExprTargets } from "./ovn-expr.js";
import { ovsdbTargets } from "./ovsdb.js";
import { prometheusTargets } from "./prometheus.js";
import { simulateTargets } from "./simulate.js";
import { traceTargets } from "./trace.js";
import { valueTargets } from "./values.js";

export const TARGETS: readonly FuzzTarget[] = [
  ...dumpTargets,
  ...filterTargets,
  ...ovnExprTargets,
  ...traceTargets,
  ...ovsdbTargets,
  ...offlineTargets,
  ...exportTargets,
  ...prometheusTargets,
  ...simulateTargets,
  ...configTargets,
  ...valueTargets,
];
