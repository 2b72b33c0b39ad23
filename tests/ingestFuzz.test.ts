import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import { apiKeyPrefix, hashApiKey } from "@/lib/auth/apiKeys";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { BODY_LIMITS } from "@/lib/ingest/bodyLimits";
import { prepareBody } from "@/lib/ingest/ingestBody";
import * as same from "@/lib/logprobs/__fixtures__/sameResponse";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * Throws generated malformed bodies at the real ingest route (a real temp database, SQLite and
 * PostgreSQL, no HTTP server) and checks that every one is refused in the error shape with a 4xx, that nothing
 * already stored changes, and that the route still ingests afterwards. A fixed seed keeps runs
 * reproducible; on failure fast-check prints the seed, the path and the shrunk body.
 */
const SEED = 20_261_123;
const NUM_RUNS = 10_000;

const readOnlyKey = "read-only-key-0123456789abcdef";
const apiKey = "test-key-0123456789abcdef";

// ---- valid payloads, the material that mutations break -----------------------------------

const envelope = (response: unknown) => ({
  id: "env-1",
  timestamp: "2026-01-01T00:00:00Z",
  model: "enveloped-model",
  provider: "openai",
  tags: ["rag", "prod"],
  metadata: { user: "u1", nested: { a: [1, 2] } },
  request: { messages: [{ role: "user", content: "Hi" }], prompt: "Hi", params: { temperature: 0.2 } },
  response,
});
const BASES: readonly unknown[] = [
  same.openaiChatPayload(),
  same.openaiChatChunks(),
  same.openaiLegacyPayload(),
  same.openaiResponsesPayload(),
  same.togetherPayload(),
  same.vllmPayload(),
  same.llamacppPayload(),
  same.ollamaPayload(),
  same.loupePayload(),
  envelope(same.openaiChatPayload()),
  envelope(same.loupePayload()),
];

// ---- building blocks ----------------------------------------------------------------------

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => pathsOf(item, [...prefix, i])));
  if (typeof value === "object" && value !== null) {
    return here.concat(...Object.entries(value).map(([key, item]) => pathsOf(item, [...prefix, key])));
  }
  return here;
}

/** JSON.stringify cannot write 1e999 or 30-digit integers: a marked string is swapped for the raw number text. */
const RAW = "\u00a7raw\u00a7";
const rawNumber = (text: string) => `${RAW}${text}`;
const toJson = (value: unknown) => JSON.stringify(value).replace(/"\u00a7raw\u00a7([^"]*)"/g, "$1");

const nestedArrays = (depth: number, inner: unknown = null): unknown => {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

const hugeNumber = fc
  .constantFrom("1e999", "-1e999", "123456789012345678901234567890", "1e308", "-1e308", "5e-324", "-0", "1E+400", "0.0000000000000000000001")
  .map(rawNumber);

/** A value of the wrong type (or the right type with a hostile value) for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, "", "NaN", "Infinity", "-Infinity", "1e999", "null", "undefined", true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, [], {}, [null], [{}], { response: null }),
  hugeNumber,
  fc.integer({ min: 1, max: 200 }).map((depth) => nestedArrays(depth)),
  fc.string({ unit: "binary", maxLength: 20 }),
);

interface Mutation {
  kind: "replace" | "delete" | "wrap" | "addKey";
  pick: number;
  value: unknown;
  key: string;
}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("replace", "replace", "replace", "delete", "wrap", "addKey"),
  pick: fc.nat(),
  value: wrongValue,
  key: fc.oneof(fc.constantFrom("response", "records", "choices", "logprobs", "tokens", "format", "__proto__", "constructor"), fc.string({ maxLength: 8 })),
});

function applyMutation(root: unknown, m: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[m.pick % paths.length] as Path;
  const update = (current: unknown): unknown => {
    switch (m.kind) {
      case "replace":
        return m.value;
      case "wrap":
        return [current];
      case "addKey":
        return typeof current === "object" && current !== null && !Array.isArray(current) ? { ...current, [m.key]: m.value } : m.value;
      case "delete":
        return undefined;
    }
  };
  if (path.length === 0) return update(root) ?? null;
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const next = update(parent[last]);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = next;
  }
  return root;
}

/** A valid payload with one to three things broken anywhere in it. */
const mutatedRecord = fc
  .tuple(fc.nat(BASES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([base, mutations]) => mutations.reduce(applyMutation, structuredClone(BASES[base])));

/** A chat.completion whose `choices` is junk. */
const junkChoices = fc
  .oneof(wrongValue, fc.array(wrongValue, { maxLength: 4 }), fc.array(fc.record({ index: wrongValue, logprobs: wrongValue, message: wrongValue }, { requiredKeys: [] }), { maxLength: 3 }))
  .map((choices) => ({ id: "chatcmpl-junk", object: "chat.completion", created: 1_733_743_961, model: "m", choices }));

/** An envelope with junk in its fields or extra junk fields. */
const junkEnvelope = fc
  .tuple(
    fc.nat(BASES.length - 1),
    fc.dictionary(
      fc.oneof(fc.constantFrom("id", "timestamp", "model", "provider", "request", "tags", "metadata", "format", "response"), fc.string({ maxLength: 10 })),
      wrongValue,
      { minKeys: 1, maxKeys: 3 },
    ),
  )
  .map(([base, junk]) => ({ ...envelope(structuredClone(BASES[base])), ...junk }));

const record: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: mutatedRecord, weight: 4 },
  { arbitrary: junkChoices, weight: 2 },
  { arbitrary: junkEnvelope, weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 5 }), weight: 2 },
  { arbitrary: wrongValue, weight: 1 },
);

// ---- bodies -------------------------------------------------------------------------------

interface FuzzCase {
  body: string;
  contentType: string;
  auth: "valid" | "missing" | "wrong" | "readOnly" | "malformed";
}

const JSON_ALPHABET = [..."{}[]\":,0123456789eE.-+ntrufalse\\ \n\t", "\u00e9", "\ud83d", "\u0000"];
const randomText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...JSON_ALPHABET), maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
);

const anyJsonText = fc.oneof(record.map(toJson), fc.nat(BASES.length - 1).map((i) => toJson(BASES[i])));
const truncatedJson = fc.tuple(anyJsonText, fc.nat()).map(([text, cut]) => text.slice(0, cut % text.length));
const garbledJson = fc
  .tuple(anyJsonText, fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "insert", "replace"), fc.constantFrom(...JSON_ALPHABET)), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) =>
    edits.reduce((t, [at, kind, ch]) => {
      const i = t.length === 0 ? 0 : at % t.length;
      return kind === "delete" ? t.slice(0, i) + t.slice(i + 1) : kind === "insert" ? t.slice(0, i) + ch + t.slice(i) : t.slice(0, i) + ch + t.slice(i + 1);
    }, text),
  );
const batch = fc
  .tuple(fc.array(record, { maxLength: 5 }), fc.boolean())
  .map(([records, wrapped]) => toJson(wrapped ? { records } : records));
const deepBody = fc
  .tuple(fc.integer({ min: 1, max: 3_000 }), fc.constantFrom('[', '{"a":', '{"records":[', '{"response":'), fc.oneof(anyJsonText, fc.constant("null")))
  .map(([depth, open, inner]) => {
    const close = open === "[" ? "]" : open === '{"records":[' ? "]}" : "}";
    return open.repeat(depth) + inner + close.repeat(depth);
  });
const sseBody = fc
  .array(fc.oneof(anyJsonText, randomText, fc.constant("[DONE]"), fc.integer({ min: 60, max: 500 }).map((d) => "[".repeat(d))), { minLength: 1, maxLength: 4 })
  .map((events) => events.map((e) => `data: ${e}`).join("\n\n"));
const ndjsonLine = fc.oneof(record.map(toJson), randomText.map((t) => t.replace(/\n/g, " ")), fc.constantFrom("", "   ", "\r", "{", "[]", "null"), deepBody);
const ndjsonBody = fc
  .tuple(fc.array(ndjsonLine, { maxLength: 8 }), fc.constantFrom("\n", "\r\n", "\n\n"))
  .map(([lines, sep]) => lines.join(sep));

// Rare, costly bodies: past the per-body record limit.
const tooManyJson = toJson(Array.from({ length: BODY_LIMITS.recordsPerBody + 1 }, () => ({})));
const tooManyLines = Array.from({ length: BODY_LIMITS.recordsPerBody + 1 }, () => "x").join("\n");

const JSON_TYPE = "application/json";
const NDJSON_TYPE = "application/x-ndjson";
const headerSafe = (value: string) => /^[\x20-\x7e]*$/.test(value);
const randomContentType = fc.oneof(
  fc.constantFrom(JSON_TYPE, "application/json; charset=utf-8", NDJSON_TYPE, "application/jsonl", "application/jsonlines", "text/event-stream", "text/plain", "", "multipart/form-data; boundary=x", "application/octet-stream"),
  fc.string({ maxLength: 30 }).filter(headerSafe),
);

const withType = (body: fc.Arbitrary<string>, contentType: string) =>
  fc.tuple(body, fc.oneof({ arbitrary: fc.constant(contentType), weight: 4 }, { arbitrary: randomContentType, weight: 1 }));

const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.oneof(
      { arbitrary: withType(randomText, JSON_TYPE), weight: 3 },
      { arbitrary: withType(truncatedJson, JSON_TYPE), weight: 3 },
      { arbitrary: withType(garbledJson, JSON_TYPE), weight: 3 },
      { arbitrary: withType(fc.jsonValue({ maxDepth: 6 }).map(toJson), JSON_TYPE), weight: 2 },
      { arbitrary: withType(record.map(toJson), JSON_TYPE), weight: 8 },
      { arbitrary: withType(batch, JSON_TYPE), weight: 3 },
      { arbitrary: withType(deepBody, JSON_TYPE), weight: 2 },
      { arbitrary: withType(sseBody, "text/event-stream"), weight: 2 },
      { arbitrary: withType(ndjsonBody, NDJSON_TYPE), weight: 4 },
      { arbitrary: fc.constantFrom<[string, string]>([tooManyJson, JSON_TYPE], [tooManyLines, NDJSON_TYPE]), weight: 1 },
    ),
    fc.oneof(
      { arbitrary: fc.constant<FuzzCase["auth"]>("valid"), weight: 30 },
      { arbitrary: fc.constantFrom<FuzzCase["auth"]>("missing", "wrong", "readOnly", "malformed"), weight: 1 },
    ),
  )
  // The body as the route will read it: UTF-8 on the wire (a lone surrogate becomes U+FFFD).
  .map(([[body, contentType], auth]) => ({ body: Buffer.from(body, "utf8").toString("utf8"), contentType, auth }))
  // Only bodies without a single valid record (a body with one is not malformed): a body the
  // parser refuses, or one whose records all fail. A crash of the parser is kept: the route
  // must not answer 500 to it.
  .filter((c) => c.auth !== "valid" || !hasValidRecord(c));

function hasValidRecord(c: FuzzCase): boolean {
  try {
    return prepareBody(c.body, c.contentType).prepared.length > 0;
  } catch {
    return false;
  }
}

function authHeader(auth: FuzzCase["auth"]): Record<string, string> {
  switch (auth) {
    case "valid":
      return { authorization: `Bearer ${apiKey}` };
    case "readOnly":
      return { authorization: `Bearer ${readOnlyKey}` };
    case "wrong":
      return { authorization: "Bearer not-a-key-0123456789abcdef" };
    case "malformed":
      return { authorization: "Basic dXNlcjpwYXNz" };
    case "missing":
      return {};
  }
}

const post = (body: string, contentType: string, headers: Record<string, string> = authHeader("valid")) =>
  ingest(new Request("http://localhost/api/v1/ingest", { method: "POST", headers: { "content-type": contentType, ...headers }, body }));

/** Everything ingestion writes, for before/after comparison. */
async function snapshot() {
  return {
    responses: await db().selectFrom("responses").selectAll().orderBy("id").execute(),
    tokens: await db().selectFrom("response_tokens").selectAll().orderBy("response_id").execute(),
    tags: await db().selectFrom("response_tags").selectAll().orderBy("response_id").orderBy("tag").execute(),
    heatmap: await db().selectFrom("token_position_cells").selectAll()
      .orderBy("bucket_start").orderBy("model").orderBy("position_bucket").orderBy("prob_bucket").execute(),
    hourly: await db().selectFrom("response_hourly_rollups").selectAll().orderBy("tag").orderBy("bucket_start").orderBy("model").execute(),
    bins: await db().selectFrom("response_metric_bins").selectAll()
      .orderBy("tag").orderBy("metric").orderBy("bucket_start").orderBy("model").orderBy("bin").execute(),
  };
}

describeEachBackend("POST /api/v1/ingest under malformed bodies", () => {
  useTestAccounts({ apiKey, ingestRatePerMinute: 100 * NUM_RUNS }); // far above this test's burst
  beforeAll(async () => {
    await db().insertInto("api_keys").values({
      id: "read-only", project_id: DEFAULT_PROJECT_ID, name: "read only", prefix: apiKeyPrefix(readOnlyKey),
      key_hash: hashApiKey(readOnlyKey), scopes: "read", created_at: Date.now(),
    }).execute();
  });

  it(`refuses ${NUM_RUNS} generated malformed bodies with a 4xx in the error shape and stores nothing`, async () => {
    const seeded = [
      same.openaiChatPayload(),
      envelope(same.loupePayload()),
      { ...envelope(same.openaiChatPayload()), id: "env-2", tags: ["other"] },
    ];
    for (const payload of seeded) expect((await post(toJson(payload), JSON_TYPE)).status).toBe(200);
    const before = await snapshot();
    expect(before.responses).toHaveLength(3);

    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        const res = await post(c.body, c.contentType, authHeader(c.auth));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(429);
        const json = await res.json();
        expect(json).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
        reached.add(`${res.status} ${json.error.code}`);
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
    // The generators reach every kind of refusal, not just the cheapest one.
    const kinds = ["400 invalid_json", "400 too_deep", "400 empty_batch", "400 unknown_format", "400 invalid_payload", "400 invalid_envelope", "400 no_logprobs", "413 too_many_records", "401 unauthorized", "403 forbidden"];
    expect([...reached]).toEqual(expect.arrayContaining(kinds));

    expect(await snapshot()).toEqual(before);
    const after = await post(toJson({ ...envelope(same.openaiChatPayload()), id: "after-fuzz" }), JSON_TYPE);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ ingested: 1, errors: 0 });
  }, 180_000);
});
