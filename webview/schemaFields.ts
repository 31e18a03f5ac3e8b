// The fields of a form generated from a simple JSON Schema, and the value they make: an object
// whose properties are strings, numbers, booleans or enums, with required markers. A `messages`
// array becomes one "message" text field that gives `[{ role: "user", content }]`; other
// properties are typed as JSON (or plain text). No DOM here: schemaForm.ts renders the fields.

import type { JsonSchema } from "../src/protocol/engine";

export type FieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "message" | "json";

export interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
}

/** The fields of an object schema; undefined when it is not one (the view offers JSON instead). */
export function formFields(schema: JsonSchema | undefined): FormField[] | undefined {
  if (!schema || schema.type !== "object" || !schema.properties) return undefined;
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(([name, property]): FormField => {
    const description = property.description ?? property.title;
    return {
      name,
      kind: fieldKind(name, property),
      required: required.has(name),
      ...(description ? { description } : {}),
      ...(Array.isArray(property.enum) ? { options: property.enum.map(String) } : {}),
    };
  });
  return fields.length > 0 ? fields : undefined;
}

function fieldKind(name: string, property: JsonSchema): FieldKind {
  if (Array.isArray(property.enum) && property.enum.every((option) => typeof option === "string")) return "enum";
  if (name === "messages" && property.type === "array") return "message";
  switch (property.type) {
    case "string":
    case "number":
    case "integer":
    case "boolean":
      return property.type;
    default:
      return "json";
  }
}

/** What the user typed, field by field: text, or a checkbox's state. */
export type FormValues = Record<string, string | boolean>;

/** The object the form's values make, or the first problem with them. */
export function formValue(fields: readonly FormField[], values: FormValues, label: string): { value: Record<string, unknown> } | { error: string } {
  const value: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (field.kind === "boolean") {
      if (raw === true || field.required) value[field.name] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    if (!text) {
      if (field.required) return { error: `${label}: ${field.name} is required.` };
      continue;
    }
    switch (field.kind) {
      case "number":
      case "integer": {
        const number = Number(text);
        if (!Number.isFinite(number) || (field.kind === "integer" && !Number.isInteger(number))) {
          return { error: `${label}: ${field.name} must be ${field.kind === "integer" ? "a whole number" : "a number"}.` };
        }
        value[field.name] = number;
        break;
      }
      case "message":
        value[field.name] = [{ role: "user", content: text }];
        break;
      case "json":
        // Plain text stands for itself, as untyped channels usually hold strings.
        try {
          value[field.name] = JSON.parse(text);
        } catch {
          value[field.name] = text;
        }
        break;
      default:
        value[field.name] = text;
    }
  }
  return { value };
}
