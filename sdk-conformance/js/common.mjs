// Shared helpers for the AWS SDK for JavaScript v3 conformance scripts. Each script runs as its own node
// process with LINEAGE_ENDPOINT and LINEAGE_RUN_ID set by the xunit suite; a failed check throws, and run()
// turns that into a non-zero exit with the reason on stderr.
import { randomUUID } from "node:crypto";
import { basename } from "node:path";
import { SageMaker } from "@aws-sdk/client-sagemaker";
import { RAM } from "@aws-sdk/client-ram";

export const ENDPOINT = process.env.LINEAGE_ENDPOINT;
export const RUN = process.env.LINEAGE_RUN_ID;
export const REGION = "us-east-1";
if (!ENDPOINT || !RUN) throw new Error("LINEAGE_ENDPOINT and LINEAGE_RUN_ID must be set");

// The emulator takes the account id from the access key id (12 digits = the account).
const config = (account) => ({
  endpoint: ENDPOINT,
  region: REGION,
  credentials: { accessKeyId: account, secretAccessKey: `conformance-secret-${account}` },
  maxAttempts: 1,
});
export const sagemaker = (account) => new SageMaker(config(account));
export const ram = (account) => new RAM(config(account));

/**
 * Records each request as it goes on the wire (signed: the deserialize step runs after finalizeRequest), so a
 * script can assert what JS v3 actually sent.
 */
export function recordRequests(client) {
  const sent = [];
  client.middlewareStack.add((next) => async (args) => {
    // The JSON body may be a string adapter object rather than a string: String() gives its text.
    const { method, path, query, headers, body } = args.request;
    sent.push({ method, path, query: { ...query }, headers: { ...headers }, body: body === undefined ? undefined : String(body) });
    return next(args);
  }, { step: "deserialize", name: "conformanceRecorder" });
  return sent;
}

export const signedHeaders = (request) => /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? "")?.[1].split(";") ?? [];

export function check(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

export const sorted = (xs) => [...xs].sort();

/** Awaits a call that must fail; asserts the error's name, HTTP status and (if given) modelled class. */
export async function expectError(name, call, { status = 400, type } = {}) {
  let result;
  try {
    result = await call();
  } catch (e) {
    check(e.name === name, `error name: expected ${name}, got ${e.name} (${e.message})`);
    eq(e.$metadata?.httpStatusCode, status, `${name} $metadata.httpStatusCode`);
    eq(e.$fault, "client", `${name} $fault`);
    check(typeof e.message === "string" && e.message.length > 0, `${name} has no message`);
    if (type) check(e instanceof type, `${name}: expected an instance of ${type.name}, got ${e.constructor?.name}`);
    return e;
  }
  throw new Error(`assertion failed: expected ${name}, got success ${JSON.stringify(result)}`);
}

/** Calls fn until it returns a truthy value; bounded so a stuck state fails instead of hanging. */
export async function poll(what, fn, timeoutMs = 10000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`assertion failed: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Follows NextToken by hand; returns { items, count }. */
export async function pages(call, key, input, tokenKey = "NextToken") {
  const items = [];
  let count = 0, token;
  do {
    const page = await call({ ...input, ...(token ? { [tokenKey]: token } : {}) });
    count++;
    items.push(...(page[key] ?? []));
    token = page[tokenKey];
    check(count < 100, "paging does not end");
  } while (token);
  return { items, count };
}

/**
 * JS v3 parses response timestamps into Date and throws on ISO strings in awsJson responses, so a Date
 * near now proves the emulator sends epoch seconds (a value read as milliseconds would be in 1970).
 */
export function isRecentDate(value, what) {
  check(value instanceof Date && !Number.isNaN(value.getTime()), `${what}: expected a Date, got ${value}`);
  check(Math.abs(value.getTime() - Date.now()) < 10 * 60 * 1000, `${what}: ${value.toISOString()} is not near now`);
}

/**
 * JS v3 sends request timestamps as fractional epoch seconds: 1.5 s before the last whole second always
 * goes out as "<seconds>.5", so the server's parsing of a fraction is exercised on every run.
 */
export const aWhileAgo = () => new Date(Math.floor(Date.now() / 1000) * 1000 - 1500);

export const missingArtifactArn = (account) =>
  `arn:aws:sagemaker:${REGION}:${account}:artifact/${randomUUID().replaceAll("-", "")}`;

export const token = () => randomUUID();

export async function run(scenario) {
  const name = basename(process.argv[1]);
  try {
    await scenario();
  } catch (e) {
    console.error(e?.stack ?? e);
    if (e?.$metadata) console.error("$metadata:", JSON.stringify(e.$metadata));
    console.error(`FAILED: ${name}`);
    process.exit(1);
  }
  console.log(`PASSED: ${name}`);
}
