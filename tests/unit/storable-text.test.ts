import { expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { queryParams } from "@/lib/http/query-params";
import { readJson } from "@/lib/http/read-json";

const fieldsOf = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: error.fields };
    throw error;
  }
  throw new Error("accepted");
};

it("refuses a NUL character anywhere in a JSON body, naming where it is", async () => {
  const post = (body: unknown) => new Request("http://localhost/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(await fieldsOf(() => readJson(post({ name: "a\u0000b" })))).toMatchObject({ code: "validation_failed", fields: { name: expect.stringContaining("NUL") } });
  expect(await fieldsOf(() => readJson(post({ categories: [{ id: "ok", name: "x\u0000" }] })))).toMatchObject({ fields: { "categories.0.name": expect.any(String) } });
  expect(await fieldsOf(() => readJson(post({ ["key\u0000"]: 1 })))).toMatchObject({ fields: { "key\\u0000": expect.any(String) } });
  expect(await fieldsOf(() => readJson(post("\u0000")))).toMatchObject({ fields: { body: expect.any(String) } });
  await expect(readJson(post({ name: "fine", list: ["a", { b: "c" }] }))).resolves.toEqual({ name: "fine", list: ["a", { b: "c" }] });
});

it("refuses a NUL character in the query string, naming the parameter", async () => {
  expect(await fieldsOf(() => queryParams(new Request("http://localhost/api?q=%00&limit=5")))).toMatchObject({ code: "validation_failed", fields: { q: expect.any(String) } });
  expect(queryParams(new Request("http://localhost/api?q=ok"))).toEqual({ q: "ok" });
});
