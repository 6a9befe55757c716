export {
  type ColorContext,
  HEAT_LEVELS,
  heatLevel,
  heatSgr,
  paint,
  type StyleName,
  STYLES,
  useColor,
} from "./ansi.js";
export {
  datapathFlowParts,
  type FlowPart,
  flowParts,
  type PartKind,
} from "./parts.js";
export {
  renderDatapathFlowsText,
  renderFlowsText,
  type TextOptions,
} from "./text-flows.js";
export {
  renderCookieText,
  renderDiffText,
  renderLogicText,
  renderRecircTreeText,
  renderSummaryText,
} from "./text-views.js";
export {
  type DatapathFlowJson,
  datapathFlowsJson,
  datapathFlowToJson,
  datapathSourcesJson,
  type FlowJson,
  flowsJson,
  flowToJson,
  toJsonText,
} from "./json.js";
export {
  cookieJson,
  diffJson,
  graphJson,
  logicJson,
  recircTreeJson,
  summaryJson,
} from "./json-views.js";
export {
  escapeHtml,
  type HtmlOptions,
  renderHtml,
  tableAnchor,
} from "./html.js";
export {
  type HtmlPageData,
  type HtmlPageMeta,
  type HtmlPageTable,
  escapeEmbeddedText,
  readHtmlPageData,
  scriptJson,
  unescapeEmbeddedText,
} from "./html-data.js";
export {
  dotQuote,
  recircTreeDot,
  tableGraphDot,
} from "./dot.js";
export {
  recircAnchor,
  renderDatapathHtml,
} from "./html-datapath.js";
