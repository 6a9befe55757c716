export * from "./node.js";
export * from "./actions.js";
export * from "./flow.js";
export * from "./dump.js";
export * from "./recirc-tree.js";
