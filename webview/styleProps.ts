// `${styleProps({ "padding-left": "8px" })}` on an element: sets inline styles through the CSSOM.
// Lit's own styleMap writes a style attribute on first render, which the webview's strict CSP
// (no 'unsafe-inline' styles) blocks; CSSOM writes are allowed.

import { noChange } from "lit";
import { Directive, PartType, directive } from "lit/directive.js";
import type { ElementPart, PartInfo } from "lit/directive.js";

class StylePropsDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error("styleProps goes on an element, not in an attribute");
  }

  render(_styles: Readonly<Record<string, string>>): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(styles)) {
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
