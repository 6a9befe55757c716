/**
 * Node-only flow-export helpers: the UDP collector.
 *
 * @module
 */
export {
  FLOW_COLLECTOR_DEFAULTS,
  startFlowCollector,
  type CollectedDatagram,
  type CollectedDecodeError,
  type DatagramSource,
  type FlowCollector,
  type FlowCollectorOptions,
  type FlowCollectorStats,
} from "./collector.js";
export type { QueueAmounts } from "./bounded-queue.js";
export type { ExporterCacheStats } from "./exporter-caches.js";
export type { KernelSocketStats } from "./kernel-drops.js";
