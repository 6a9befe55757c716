export * from "./ansi.js";
export * from "./parts.js";
export * from "./text-flows.js";
export * from "./text-views.js";
export * from "./json.js";
export * from "./json-views.js";
export * from "./html.js";
export {
  type HtmlPageData,
  type HtmlPageMeta,
  type HtmlPageTable,
  escapeEmbeddedText,
  readHtmlPageData,
  scriptJson,
  unescapeEmbeddedText,
} from "./html-data.js";
export * from "./dot.js";
export * from "./html-datapath.js";
