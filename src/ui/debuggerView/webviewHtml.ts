// The webview's HTML page, as a plain function of URIs and a nonce: no `vscode` import, so the
// panel calls it with `webview.asWebviewUri(...)` strings and the Chromium tests call it with
// http URLs, and both get the same strict Content-Security-Policy.

import { randomBytes } from "node:crypto";

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin scripts, styles, fonts and images may come from. */
  cspSource: string;
  /** Fresh per render; only scripts carrying it run. */
  nonce: string;
  /** The bundle, `dist/webview/main.js`. */
  scriptUri: string;
  /** `codicon.css`, linked with the id `@vscode-elements/elements` looks for to draw icons. */
  codiconsUri?: string;
  /** Further stylesheets, in order. */
  styleUris?: readonly string[];
  /** Shown as the document title (screen readers). */
  title: string;
}

export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  const { cspSource, nonce, scriptUri, codiconsUri, styleUris = [], title } = options;
  const csp = ["default-src 'none'", `img-src ${cspSource} data:`, `font-src ${cspSource}`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join("; ");
  const links = [
    ...(codiconsUri ? [`<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(codiconsUri)}">`] : []),
    ...styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">`),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links.join("\n")}
<title>${text(title)}</title>
</head>
<body>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}

/** A random nonce for `renderWebviewHtml` (base64url of 16 random bytes). */
export function createNonce(): string {
  return randomBytes(16).toString("base64url");
}

function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;");
}

function text(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
