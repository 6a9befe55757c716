/**
 * Problems found in a flow-export configuration, each with the path of the offending value.
 *
 * @module
 */

/** Machine-readable reason of an {@link ExportConfigIssue}. */
export type ExportConfigIssueCode =
  /** Not an `ip:port`, not an IP address, IPv6 without brackets, bad port. */
  | "bad-target"
  /** The same collector twice in one list (ovn-kubernetes keeps one: a warning), or twice in OVS's `targets` set (an error). */
  | "duplicate"
  /** A number out of its range, or not an integer. */
  | "range"
  /** A value of the wrong type (e.g. a list expected). */
  | "type"
  /** Both `sharedTarget` and `nodePort`: the operator uses `sharedTarget` (a warning). */
  | "conflict"
  /** Something required is missing (a target, the node IP for a node port). */
  | "missing"
  /** A key ovskit does not know (a typo?); a warning. */
  | "unknown-key"
  /** A value the cluster-network-operator ignores with a log line (a warning): not a Go duration, not a uint32, an empty target. */
  | "ignored"
  /** A duration the operator truncates to whole seconds (a warning). */
  | "truncated"
  /** A 0 the operator does not pass on (its template drops zero values), so ovn-kubernetes' default applies (a warning). */
  | "zero-dropped"
  /** Valid for ovskit but refused by the Network CRD's schema (IPv4 `ip:port` only, at most 10): a warning. */
  | "crd"
  /** A ConfigMap of another name or namespace than the operator reads, or the proposal's alias name (a warning). */
  | "configmap-name";

/**
 * One problem: where (`ipfix[2]`, `ovs-flows-config.sampling`), what, and how bad. An error is
 * something that breaks (the API server, ovnkube-node or OVS refuses it); a warning is something
 * the operators accept but ignore, change or drop, which `strict` turns into an error.
 */
export interface ExportConfigIssue {
  readonly path: string;
  readonly code: ExportConfigIssueCode;
  readonly message: string;
  readonly severity: "error" | "warning";
}

import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.ExportConfigError");

/**
 * Thrown by {@link mergeFlowExport} (and so by {@link renderOvsVsctl} given the sources) when the
 * configuration has errors; `issues` lists every one of them, warnings included.
 *
 * @example
 * ```ts
 * import { mergeFlowExport, isExportConfigError } from "ovskit";
 * try {
 *   mergeFlowExport({ ipfix: ["10.0.0.1:99999"] });
 * } catch (e) {
 *   if (isExportConfigError(e)) for (const i of e.issues) console.log(i.path, i.message); // exportNetworkFlows.ipfix[0] port 99999 ...
 * }
 * ```
 */
export class ExportConfigError extends OvskitError {
  /** Always `"invalid-config"`. */
  declare readonly code: "invalid-config";
  readonly issues: readonly ExportConfigIssue[];

  constructor(issues: readonly ExportConfigIssue[]) {
    const errors = issues.filter((i) => i.severity === "error");
    super("invalid-config", `invalid flow-export configuration: ${errors.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "ExportConfigError";
    this.issues = issues;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is an {@link ExportConfigError}, also across realms.
 *
 * @example
 * ```ts
 * import { mergeFlowExport, isExportConfigError } from "ovskit";
 * try { mergeFlowExport({ sFlow: ["nope"] }); } catch (e) { if (isExportConfigError(e)) console.log(e.issues.length); }
 * ```
 */
export function isExportConfigError(e: unknown): e is ExportConfigError {
  return hasBrand(e, BRAND);
}
