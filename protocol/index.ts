// The custom LSP protocol shared by Ponder's client and server, and the messages between the client and its side panel.

export * from "./ponderProtocol.js";
export * from "./panelMessages.js";
