import "server-only";

/** Why a call to the model gave no answer, in words a report can show. */
export class ModelError extends Error {}

export interface ChatAnswer {
  content: string;
  /** What the server says the call used (prompt and answer), else an estimate from the text's length. */
  tokens: number;
}

const RETRIES = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One Chat Completions call (streaming off), to any OpenAI-compatible server. A 429 is tried again after its
 * Retry-After and a 5xx or a dropped connection after a second or two, twice at most, and only while the answer
 * can still come before `deadline`; each attempt's time limit is the smaller of `timeoutMs` and what is left.
 */
export async function chatCompletion(
  settings: { baseUrl: string; apiKey: string; model: string; timeoutMs: number },
  { messages, maxTokens, deadline }: { messages: { role: "system" | "user"; content: string }[]; maxTokens: number; deadline: number },
): Promise<ChatAnswer> {
  const body = JSON.stringify({ model: settings.model, messages, max_tokens: maxTokens, temperature: 0.2, stream: false, response_format: { type: "json_object" } });
  let lastError = "no answer";
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    const left = deadline - Date.now();
    if (left < 1_000) break;
    const timeout = Math.min(settings.timeoutMs, left);
    let response: Response;
    try {
      response = await fetch(`${settings.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${settings.apiKey}` },
        body,
        signal: AbortSignal.timeout(timeout),
        redirect: "error",
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      lastError = name === "TimeoutError" || name === "AbortError" ? `no answer within ${Math.ceil(timeout / 1000)} s` : "the model's server could not be reached";
      if (name === "TimeoutError" || name === "AbortError") break; // the time is spent
      await sleep(1_000 * (attempt + 1));
      continue;
    }
    if (response.status === 429 || response.status >= 500) {
      const wait = response.status === 429 ? Math.max(1, Number(response.headers.get("retry-after")) || 1) * 1000 : 1_000 * (attempt + 1);
      lastError = `the model's server answered ${response.status}${response.status === 429 ? " (too many requests)" : ""}`;
      await response.body?.cancel();
      if (Date.now() + wait + 1_000 > deadline) break;
      await sleep(wait);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ModelError(`the model's server answered ${response.status}`);
    }
    let parsed: { choices?: { message?: { content?: unknown } }[]; usage?: { total_tokens?: unknown } };
    try {
      parsed = (await response.json()) as typeof parsed;
    } catch {
      throw new ModelError("the model's server answered something that is not JSON");
    }
    const content = parsed.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new ModelError("the model's answer had no message");
    const used = Number(parsed.usage?.total_tokens);
    return { content, tokens: Number.isFinite(used) && used > 0 ? Math.round(used) : Math.ceil((body.length + content.length) / 4) };
  }
  throw new ModelError(lastError);
}
