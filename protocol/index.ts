// The custom LSP protocol shared by Ponder's client, server and panel.

export * from "./ponderProtocol.js";
