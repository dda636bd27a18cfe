import { mergeAllOf } from '../engine/generation/schema-shape.js';
import type { SchemaObject } from '../engine/operation-index.js';
import { jsonText } from '../json-text.js';

/** What a form body is sent as: its media type (with the boundary, for multipart) and its text. */
export interface FormText {
  contentType: string;
  text: string;
}

const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];
/** Fixed, so a run's requests are the same for a seed; nothing the runner generates contains it. */
export const MULTIPART_BOUNDARY = 'pers-mock-contract-form-boundary';

/** The form media type (multipart or urlencoded) a request body documents, with its schema. */
export function formSchemaOf(
  content: Record<string, SchemaObject> | undefined,
): { mediaType: string; schema: SchemaObject } | undefined {
  const mediaType = Object.keys(content ?? {}).find((type) => FORM_TYPES.includes(bare(type)));
  return mediaType ? { mediaType: bare(mediaType), schema: content![mediaType] } : undefined;
}

/**
 * A generated form value written as the media type says (OpenAPI 3, "Encoding"): a field per
 * property, an array as one field per item, an object as JSON text; in multipart, a binary
 * property as a file part.
 */
export function formText(mediaType: string, schema: SchemaObject, value: Record<string, unknown>): FormText {
  const properties = ((schema.allOf ? mergeAllOf(schema) : schema).properties ?? {}) as Record<string, SchemaObject>;
  const fields = Object.entries(value).flatMap(([name, field]) =>
    (Array.isArray(field) ? field : [field]).map((item): [string, string] => [name, jsonText(item)]),
  );
  if (mediaType === 'application/x-www-form-urlencoded')
    return { contentType: mediaType, text: new URLSearchParams(fields).toString() };
  const parts = fields.map(([name, text]) => {
    const property = properties[name];
    const file = property?.format === 'binary' || property?.contentMediaType !== undefined;
    const disposition = `Content-Disposition: form-data; name="${name}"${file ? `; filename="${name}.bin"` : ''}`;
    const head = file ? `${disposition}\r\nContent-Type: application/octet-stream` : disposition;
    return `--${MULTIPART_BOUNDARY}\r\n${head}\r\n\r\n${text}\r\n`;
  });
  return {
    contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
    text: `${parts.join('')}--${MULTIPART_BOUNDARY}--\r\n`,
  };
}

function bare(mediaType: string): string {
  return mediaType.split(';')[0].trim().toLowerCase();
}
