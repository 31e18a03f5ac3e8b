// User data in tooltips stays text: rendered by markdown-it (the CommonMark engine VS Code's own
// Markdown rendering is built on), hostile thread ids, node names and store values produce no
// link, no command, no HTML and no image.
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { codeBlock, inlineCode, plainText } from "../../../src/ui/userMarkdown";

// As VS Code renders hovers: HTML off, bare URLs linked.
const markdown = new MarkdownIt({ html: false, linkify: true });
const render = (text: string) => markdown.render(text);

const hostile = [
  "[x](command:workbench.action.quit)",
  "`[x](command:workbench.action.quit)`",
  "a``b` [x](command:langgraph.threads.refresh) ``",
  "<img src=x onerror=alert(1)>",
  "![pic](https://example.com/p.png)",
  "**bold** _it_ # heading",
  "line one\n\n[x](command:workbench.action.quit)",
  "`",
  "",
  "$(zap) https://example.com &amp; &#x41;",
];

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .trim();
}

describe("userMarkdown", () => {
  it.each(hostile)("inlineCode(%j) renders as one code span holding the text", (text) => {
    const html = render(`thread ${inlineCode(text)}`);
    expect(html).not.toMatch(/<a |<img|<h\d|<strong|<em/);
    expect(html.match(/<code>/g)).toHaveLength(1);
    // Line breaks cannot live in a code span: they become spaces, the rest is kept.
    expect(textOf(html)).toBe(`thread ${text.replace(/\n+/g, " ")}`.trim());
  });

  it.each(hostile)("codeBlock(%j) renders as one code block holding the text", (text) => {
    const block = codeBlock(JSON.stringify({ value: text, raw: text.split("\n") }, null, 2).replace(/\\"/g, '"') + "\n```\n" + text, "json");
    const html = render(`${block}\n\nafter`);
    expect(html).not.toMatch(/<a |<img|<h\d|<strong|<em/);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toContain("<p>after</p>");
  });

  it.each(hostile)("plainText(%j) renders as the same words, no markup", (text) => {
    const html = render(plainText(text));
    expect(html).not.toMatch(/<a |<img|<h\d|<strong|<em|<code/);
    expect(textOf(html).replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
  });

  it("leaves ordinary ids readable", () => {
    expect(inlineCode("thread-1")).toBe("`thread-1`");
    expect(codeBlock('{\n  "data": "x"\n}', "json")).toBe('```json\n{\n  "data": "x"\n}\n```');
  });
});
