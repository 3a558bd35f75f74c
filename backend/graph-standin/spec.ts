import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validation of WhatsApp send requests against Meta's official OpenAPI spec (spec/, MIT, copied
 * byte-for-byte with its LICENSE). The spec contradicts its own examples in known ways; each
 * relaxation below names the defect it works around (reference: meta-messaging-api.md §1.3).
 */
const SPEC_FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'spec',
  'business-messaging-api_v23.0.yaml',
);
const SPEC_ID = 'https://switchboard.invalid/whatsapp-openapi.json';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(node: unknown, visit: (node: Json, key: string | undefined) => void, key?: string): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, key);
    return;
  }
  if (!isObject(node)) return;
  visit(node, key);
  for (const [k, v] of Object.entries(node)) walk(v, visit, k);
}

/** The relaxations, applied to the parsed spec in place. */
export function relaxSpec(spec: Json): void {
  const schemas = ((spec.components as Json).schemas ?? {}) as Record<string, Json>;
  walk(spec, (node, key) => {
    // R1: every send type is allOf[BaseMessageProperties, {additionalProperties:false}], which
    // rejects the base's own fields (messaging_product, to, context…) as "additional".
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf) if (isObject(member)) delete member.additionalProperties;
    }
    // TemplateComponent.index is a string with the broken pattern ^[2-6, 11-14]$; examples send "0" and 0.
    if (key === 'properties' && isObject(node.index) && typeof node.index.pattern === 'string') {
      node.index = { type: ['string', 'integer'] };
    }
    // Location coordinates are typed string; every example sends numbers.
    if (key === 'properties') {
      for (const coordinate of ['latitude', 'longitude']) {
        const p = node[coordinate];
        if (isObject(p) && p.type === 'string') p.type = ['string', 'number'];
      }
    }
    if (Array.isArray(node.enum)) {
      const values = node.enum as unknown[];
      // InteractiveObject.type lacks order_details/order_status (in examples) and cta_url (documented).
      if (values.includes('button') && values.includes('list') && values.includes('product')) {
        for (const extra of ['order_details', 'order_status', 'cta_url', 'flow'])
          if (!values.includes(extra)) values.push(extra);
      }
      // Button sub_type lacks flow and the upper-case CATALOG the examples use.
      if (values.includes('quick_reply') && values.includes('url')) {
        for (const extra of ['flow', 'catalog', 'CATALOG', 'copy_code'])
          if (!values.includes(extra)) values.push(extra);
      }
    }
  });
  // R2: LanguageObject requires `policy`, which no Meta example sends.
  if (schemas.LanguageObject) schemas.LanguageObject.required = ['code'];
  // ActionObject has no branch for the `name` + `parameters` form that order_details,
  // order_status, flow and cta_url messages use (examples and docs); anyOf, not oneOf, so the
  // catalog form (which also has `name`) does not match two branches.
  const action = schemas.ActionObject;
  if (action && Array.isArray(action.oneOf)) {
    action.anyOf = [...action.oneOf, { required: ['name'], properties: { name: { type: 'string' } } }];
    delete action.oneOf;
  }
  // Meta's own examples omit recipient_type (and `type` for text); Cloud API defaults them.
  if (schemas.BaseMessageProperties) schemas.BaseMessageProperties.required = ['messaging_product', 'to'];
}

/**
 * The parsed spec. Parsing the 1 MB YAML takes seconds; its JSON form, cached in the temp
 * directory under the hash of the YAML bytes (so an edited spec is never served stale), takes
 * milliseconds. The relaxations are applied after loading, so changing them needs no new cache.
 */
function readSpec(): Json {
  const raw = fs.readFileSync(SPEC_FILE);
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 24);
  const cacheFile = path.join(os.tmpdir(), `switchboard-whatsapp-openapi-${hash}.json`);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Json;
  } catch {
    // Missing or unreadable (e.g. half-written by another process): parse the YAML.
  }
  const spec = parse(raw.toString('utf8')) as Json;
  try {
    // Written aside and renamed: a concurrent reader sees the whole file or none.
    const temp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(spec));
    fs.renameSync(temp, cacheFile);
  } catch {
    // A read-only temp directory only costs the parse next time.
  }
  return spec;
}

export interface SpecValidator {
  /** null when valid, else readable problems. */
  validateSend(body: unknown): string[] | null;
  /** Send types the spec maps (text, image, template, …). */
  types: string[];
}

let cached: SpecValidator | undefined;

export function loadSpecValidator(): SpecValidator {
  if (cached) return cached;
  const spec = readSpec();
  relaxSpec(spec);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  const mapping = (((spec.components as Json).schemas as Record<string, Json>).Message?.discriminator as Json)
    ?.mapping as Record<string, string>;
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (ref: string) => {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.compile({ $ref: `${SPEC_ID}${ref}` });
      compiled.set(ref, fn);
    }
    return fn;
  };
  const format = (fn: ValidateFunction) =>
    (fn.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  cached = {
    types: Object.keys(mapping),
    validateSend(body) {
      if (!isObject(body)) return ['(root) must be a JSON object'];
      // Mark-as-read (optionally with a typing indicator) is its own payload, not a Message branch.
      if (body.status === 'read') {
        const fn = validatorFor('#/components/schemas/MarkMessageRequestPayload');
        return fn(body) ? null : format(fn);
      }
      // A missing `type` defaults to the one content key present (Meta's examples rely on this).
      const type = typeof body.type === 'string' ? body.type : Object.keys(mapping).find((t) => t in body);
      const ref = type ? mapping[type] : undefined;
      if (!ref)
        return [`(root) type ${JSON.stringify(body.type)} is not one of ${Object.keys(mapping).join(', ')}`];
      const fn = validatorFor(ref);
      return fn(type === body.type ? body : { ...body, type }) ? null : format(fn);
    },
  };
  return cached;
}
