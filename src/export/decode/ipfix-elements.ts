/**
 * IPFIX Information Element names and types: the IANA elements OVS exports (and other common
 * ones), plus the VMware enterprise (6876) elements that OVS's `ofproto-dpif-ipfix.c` uses for
 * tunnels and virtual observation points.
 *
 * @module
 */

/** How an element's bytes are turned into a value. */
export type IpfixElementType = "unsigned" | "unsigned64" | "ipv4" | "ipv6" | "mac" | "string" | "octets" | "boolean";

/** A known Information Element. */
export interface IpfixElementInfo {
  readonly name: string;
  readonly type: IpfixElementType;
}

/**
 * The enterprise number of VMware, under which OVS defines its own IPFIX elements.
 *
 * @example
 * ```ts
 * import { VMWARE_ENTERPRISE } from "ovskit";
 * record.fields.filter((f) => f.spec.enterprise === VMWARE_ENTERPRISE); // OVS tunnel fields
 * ```
 */
export const VMWARE_ENTERPRISE = 6876;

const U = "unsigned";
const U64 = "unsigned64";

/** [id, name, type] of the IANA elements (enterprise 0). */
const IANA: readonly (readonly [number, string, IpfixElementType])[] = [
  [1, "octetDeltaCount", U64], [2, "packetDeltaCount", U64], [3, "deltaFlowCount", U64],
  [4, "protocolIdentifier", U], [5, "ipClassOfService", U], [6, "tcpControlBits", U],
  [7, "sourceTransportPort", U], [8, "sourceIPv4Address", "ipv4"], [9, "sourceIPv4PrefixLength", U],
  [10, "ingressInterface", U], [11, "destinationTransportPort", U], [12, "destinationIPv4Address", "ipv4"],
  [13, "destinationIPv4PrefixLength", U], [14, "egressInterface", U], [15, "ipNextHopIPv4Address", "ipv4"],
  [16, "bgpSourceAsNumber", U], [17, "bgpDestinationAsNumber", U], [19, "postMCastPacketDeltaCount", U64],
  [20, "postMCastOctetDeltaCount", U64], [21, "flowEndSysUpTime", U], [22, "flowStartSysUpTime", U],
  [23, "postOctetDeltaCount", U64], [24, "postPacketDeltaCount", U64], [25, "minimumIpTotalLength", U64],
  [26, "maximumIpTotalLength", U64], [27, "sourceIPv6Address", "ipv6"], [28, "destinationIPv6Address", "ipv6"],
  [29, "sourceIPv6PrefixLength", U], [30, "destinationIPv6PrefixLength", U], [31, "flowLabelIPv6", U],
  [32, "icmpTypeCodeIPv4", U], [56, "sourceMacAddress", "mac"], [57, "postDestinationMacAddress", "mac"],
  [58, "vlanId", U], [59, "postVlanId", U], [60, "ipVersion", U], [61, "flowDirection", U],
  [62, "ipNextHopIPv6Address", "ipv6"], [64, "ipv6ExtensionHeaders", U], [80, "destinationMacAddress", "mac"],
  [81, "postSourceMacAddress", "mac"], [82, "interfaceName", "string"], [83, "interfaceDescription", "string"],
  [85, "octetTotalCount", U64], [86, "packetTotalCount", U64], [89, "forwardingStatus", U],
  [95, "applicationId", "octets"], [130, "exporterIPv4Address", "ipv4"], [131, "exporterIPv6Address", "ipv6"],
  [132, "droppedOctetDeltaCount", U64], [133, "droppedPacketDeltaCount", U64], [134, "droppedOctetTotalCount", U64],
  [135, "droppedPacketTotalCount", U64], [136, "flowEndReason", U], [137, "commonPropertiesId", U64],
  [138, "observationPointId", U64], [139, "icmpTypeCodeIPv6", U], [144, "exportingProcessId", U],
  [145, "templateId", U], [148, "flowId", U64], [149, "observationDomainId", U],
  [150, "flowStartSeconds", U], [151, "flowEndSeconds", U], [152, "flowStartMilliseconds", U64],
  [153, "flowEndMilliseconds", U64], [154, "flowStartMicroseconds", U64], [155, "flowEndMicroseconds", U64],
  [156, "flowStartNanoseconds", U64], [157, "flowEndNanoseconds", U64], [158, "flowStartDeltaMicroseconds", U],
  [159, "flowEndDeltaMicroseconds", U], [160, "systemInitTimeMilliseconds", U64], [161, "flowDurationMilliseconds", U],
  [162, "flowDurationMicroseconds", U], [163, "observedFlowTotalCount", U64], [164, "ignoredPacketTotalCount", U64],
  [165, "ignoredOctetTotalCount", U64], [166, "notSentFlowTotalCount", U64], [167, "notSentPacketTotalCount", U64],
  [168, "notSentOctetTotalCount", U64], [174, "postMCastPacketTotalCount", U64], [175, "postMCastOctetTotalCount", U64],
  [176, "icmpTypeIPv4", U], [177, "icmpCodeIPv4", U], [178, "icmpTypeIPv6", U], [179, "icmpCodeIPv6", U],
  [180, "udpSourcePort", U], [181, "udpDestinationPort", U], [182, "tcpSourcePort", U], [183, "tcpDestinationPort", U],
  [192, "ipTTL", U], [195, "ipDiffServCodePoint", U], [196, "ipPrecedence", U], [198, "octetDeltaSumOfSquares", U64],
  [199, "octetTotalSumOfSquares", U64], [210, "paddingOctets", "octets"], [214, "exportProtocolVersion", U],
  [215, "exportTransportProtocol", U], [225, "postNATSourceIPv4Address", "ipv4"],
  [226, "postNATDestinationIPv4Address", "ipv4"], [227, "postNAPTSourceTransportPort", U],
  [228, "postNAPTDestinationTransportPort", U], [240, "ethernetHeaderLength", U], [241, "ethernetPayloadLength", U],
  [242, "ethernetTotalLength", U], [243, "dot1qVlanId", U], [244, "dot1qPriority", U], [245, "dot1qCustomerVlanId", U],
  [256, "ethernetType", U], [276, "dataRecordsReliability", "boolean"], [298, "initiatorPackets", U64],
  [299, "responderPackets", U64], [300, "observationDomainName", "string"], [302, "selectorId", U64],
  [305, "samplingPacketInterval", U], [306, "samplingPacketSpace", U], [323, "observationTimeMilliseconds", U64],
  [324, "observationTimeMicroseconds", U64], [325, "observationTimeNanoseconds", U64],
  [351, "layer2SegmentId", U64], [352, "layer2OctetDeltaCount", U64], [353, "layer2OctetTotalCount", U64],
  [354, "ingressUnicastPacketTotalCount", U64], [355, "ingressMulticastPacketTotalCount", U64],
  [356, "ingressBroadcastPacketTotalCount", U64], [357, "egressUnicastPacketTotalCount", U64],
  [358, "egressBroadcastPacketTotalCount", U64], [368, "ingressInterfaceType", U], [369, "egressInterfaceType", U],
];

/** [id, name, type] of OVS's own elements, under {@link VMWARE_ENTERPRISE}. */
const OVS: readonly (readonly [number, string, IpfixElementType])[] = [
  [891, "tunnelType", U], [892, "tunnelKey", "octets"], [893, "tunnelSourceIPv4Address", "ipv4"],
  [894, "tunnelDestinationIPv4Address", "ipv4"], [895, "tunnelProtocolIdentifier", U],
  [896, "tunnelSourceTransportPort", U], [897, "tunnelDestinationTransportPort", U],
  [898, "virtualObsID", "string"],
];

const ianaTable = new Map(IANA.map(([id, name, type]) => [id, { name, type }]));
const ovsTable = new Map(OVS.map(([id, name, type]) => [id, { name, type }]));

/**
 * The name and type of an Information Element, or undefined when ovskit does not know it (its
 * value is then kept as bytes, and its name is `e<enterprise>.<id>` or `ie<id>`).
 *
 * @example
 * ```ts
 * import { ipfixElement, VMWARE_ENTERPRISE } from "ovskit";
 * ipfixElement(8);                         // { name: "sourceIPv4Address", type: "ipv4" }
 * ipfixElement(891, VMWARE_ENTERPRISE);    // { name: "tunnelType", type: "unsigned" }
 * ```
 */
export function ipfixElement(id: number, enterprise = 0): IpfixElementInfo | undefined {
  if (enterprise === 0) return ianaTable.get(id);
  if (enterprise === VMWARE_ENTERPRISE) return ovsTable.get(id);
  return undefined;
}

/**
 * The name used for an element in decoded records: its IANA / OVS name, else `e<enterprise>.<id>`
 * (enterprise elements) or `ie<id>`.
 *
 * @example
 * ```ts
 * import { ipfixElementName } from "ovskit";
 * ipfixElementName(12);        // "destinationIPv4Address"
 * ipfixElementName(7, 29305);  // "e29305.7"
 * ```
 */
export function ipfixElementName(id: number, enterprise = 0): string {
  return ipfixElement(id, enterprise)?.name ?? (enterprise === 0 ? `ie${id}` : `e${enterprise}.${id}`);
}
