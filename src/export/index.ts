/**
 * Flow export (NetFlow / sFlow / IPFIX): configuration model, validation, the shipped
 * operators' contract (the `ovs-flows-config` ConfigMap as the cluster-network-operator reads
 * it, the ovnkube-node environment it renders, what ovnkube-node writes per node), merge of the
 * Network CR and the ConfigMap, ovs-vsctl rendering, read-back and diff, and the decoders of
 * what OVS then sends.
 *
 * @module
 */
export type { CollectorTarget, CollectorList, ExportNetworkFlows, FlowsConfigMapData, IpfixConfigMapData, NetflowSettings, SflowSettings, IpfixSettings, FlowExportConfig, ExportProtocol } from "./types.js";
export { EXPORT_PROTOCOLS } from "./types.js";
export { ExportConfigError, isExportConfigError, type ExportConfigIssue, type ExportConfigIssueCode } from "./errors.js";
export { parseCollectorTarget, formatCollectorTarget, collectorTarget } from "./targets.js";
export { parseGoDuration, goDurationSeconds } from "./go-duration.js";
export { IPFIX_LIMITS, validateCollectors, validateExportNetworkFlows, validateIpfixConfigMap, type ValidatedCr, type ValidatedConfigMap } from "./validate.js";
export { FLOWS_CONFIG_MAP, readFlowsConfigMap, type FlowsConfig, type FlowsConfigMapReading, type FlowsConfigOptions } from "./flows-config-map.js";
export {
  OVN_KUBERNETES_DEFAULTS,
  parseOvnKubernetesCollectors,
  ovnKubernetesFlowExport,
  renderOvnKubernetesVsctl,
  type ContainerEnvVar,
  type OvnKubernetesCollector,
  type OvnKubernetesNodeOptions,
  type OvnKubernetesNodeFlowExport,
} from "./ovn-kubernetes.js";
export { renderOvnKubernetesEnv, operatorFlowExport, type OvnKubernetesEnv, type OperatorFlowExport, type OperatorFlowExportOptions } from "./operator.js";
export { mergeFlowExport, type MergeOptions } from "./merge.js";
export { RENDER_DEFAULTS, renderOvsVsctl, formatShellCommand, type RenderOptions, type FlowExportSources, type OvsVsctlCommands } from "./render.js";
export { parseVsctlList, parseVsctlValue, type VsctlValue, type VsctlRecord } from "./vsctl-list.js";
export { readFlowExport, type VsctlListOutputs } from "./readback.js";
export { diffFlowExport, type DiffOptions, type FlowExportChange } from "./diff.js";
export { parseFlowExportSources, type ParsedFlowExportSources } from "./sources.js";
export {
  FlowDecodeError,
  isFlowDecodeError,
  decodeEthernet,
  decodeIp,
  decodeNetflowV5,
  decodeSflowV5,
  decodeIpfix,
  decodeIpfixUnknownSet,
  IPFIX_VARIABLE_LENGTH,
  IPFIX_MAX_TEMPLATES,
  IpfixTemplateCache,
  VMWARE_ENTERPRISE,
  ipfixElement,
  ipfixElementName,
  detectFlowProtocol,
  decodeFlowDatagram,
  type FlowProtocol,
  type FlowDecodeErrorCode,
  type EthernetHeader,
  type IpHeader,
  type L4Header,
  type ArpHeader,
  type PacketHeaders,
  type NetflowV5Record,
  type NetflowV5Message,
  type SflowFlowRecord,
  type SflowCounterRecord,
  type SflowUnknownRecord,
  type SflowInterfaceCounters,
  type SflowFlowSample,
  type SflowCounterSample,
  type SflowUnknownSample,
  type SflowV5Message,
  type IpfixValue,
  type IpfixField,
  type IpfixDataRecord,
  type IpfixUnknownSet,
  type IpfixIssue,
  type IpfixMessage,
  type IpfixFieldSpec,
  type IpfixTemplate,
  type IpfixTemplateCacheOptions,
  type IpfixElementType,
  type IpfixElementInfo,
  type FlowMessage,
} from "./decode/index.js";
