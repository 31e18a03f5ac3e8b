// Renders and reads the forms of schemaFields.ts with @vscode-elements controls. The "New run"
// form uses them for the graph's input and its static context.

import { html, nothing } from "lit";
import type { TemplateResult } from "lit";
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import type { FormField, FormValues } from "./schemaFields";

/** Reads the values of a form rendered by `renderFields` with the same prefix. */
export function readFormValues(root: ParentNode, prefix: string, fields: readonly FormField[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const element = root.querySelector<HTMLElement & { value?: string; checked?: boolean }>(`[name="${prefix}.${field.name}"]`);
    if (!element) continue;
    values[field.name] = field.kind === "boolean" ? element.checked === true : (element.value ?? "");
  }
  return values;
}

/** One labelled control per field; field elements are named `prefix.field`. */
export function renderFields(fields: readonly FormField[], prefix: string, legend: string): TemplateResult {
  return html`<fieldset class="schema-form" data-form=${prefix}>
    <legend>${legend}</legend>
    ${fields.map((field) => renderField(field, `${prefix}.${field.name}`))}
  </fieldset>`;
}

function renderField(field: FormField, name: string): TemplateResult {
  const label = html`<span class="schema-field-name"
    >${field.kind === "message" ? "message" : field.name}${field.required ? html`<span class="required" title="Required">*</span>` : nothing}</span
  >`;
  const hint = field.kind === "message" ? "A user message" : field.kind === "json" ? "JSON, or text" : field.description;
  const placeholder = field.kind === "message" ? "What the user says" : field.kind === "json" ? "JSON or text" : field.kind;
  let control: TemplateResult;
  switch (field.kind) {
    case "boolean":
      control = html`<vscode-checkbox name=${name} aria-label=${field.name}></vscode-checkbox>`;
      break;
    case "enum":
      control = html`<vscode-single-select name=${name} aria-label=${field.name}>
        ${field.required ? nothing : html`<vscode-option value="">(none)</vscode-option>`}
        ${(field.options ?? []).map((option) => html`<vscode-option value=${option}>${option}</vscode-option>`)}
      </vscode-single-select>`;
      break;
    default:
      control = html`<vscode-textfield
        name=${name}
        aria-label=${field.kind === "message" ? "message" : field.name}
        placeholder=${placeholder}
        type=${field.kind === "number" || field.kind === "integer" ? "number" : "text"}
      ></vscode-textfield>`;
  }
  return html`<label class="schema-field">${label}${control}${hint ? html`<span class="schema-field-hint">${hint}</span>` : nothing}</label>`;
}
