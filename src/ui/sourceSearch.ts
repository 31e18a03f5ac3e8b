// Text search in a graph's module, kept free of vscode so it is unit-tested directly.

/** Line of `addNode("name"` (or of the first quoted mention of the name); 0 when absent. */
export function findNodeLine(text: string, nodeName: string): number {
  const lines = text.split(/\r?\n/);
  const quoted = new RegExp(`["'\`]${nodeName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`);
  const addNode = lines.findIndex((line) => line.includes("addNode") && quoted.test(line));
  if (addNode >= 0) return addNode;
  return Math.max(0, lines.findIndex((line) => quoted.test(line)));
}
