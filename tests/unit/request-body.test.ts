import { describe, expect, it } from "vitest";
import { readJson } from "@/lib/http/read-json";

const json = { "content-type": "application/json" };

describe("request bodies", () => {
  it("refuses a body whose declared length is over the limit without reading it", async () => {
    let read = false;
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream(
      {
        pull() {
          read = true;
          throw new Error("must not be read");
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request("http://localhost/api", { method: "POST", headers: { ...json, "content-length": "2000000" }, body, duplex: "half" } as RequestInit);
    await expect(readJson(request)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(read).toBe(false);
  });

  it("stops reading a body without a length once it passes the limit", async () => {
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        controller.enqueue(new TextEncoder().encode(`"${"x".repeat(64 * 1024)}`));
        if (chunks > 1000) controller.close();
      },
    });
    const request = new Request("http://localhost/api", { method: "POST", headers: json, body, duplex: "half" } as RequestInit);
    await expect(readJson(request, 100_000)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(chunks).toBeLessThan(5);
  });

  it("reads a body within the limit", async () => {
    const request = new Request("http://localhost/api", { method: "POST", headers: json, body: JSON.stringify({ name: "ok" }) });
    expect(await readJson(request)).toEqual({ name: "ok" });
  });
});
