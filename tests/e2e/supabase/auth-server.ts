import { createHmac, randomBytes, randomUUID, scryptSync, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

/**
 * A loopback stand-in for Supabase Auth (GoTrue) that follows its documented HTTP API under /auth/v1 (sign-up,
 * password and refresh-token grants, user, logout) and its JWT claims, so the app's real @supabase/ssr code path
 * runs against it. Accounts live in the database's auth.users, as Supabase keeps them; sessions and refresh
 * tokens in memory. `mode` makes it fail ("failing": every answer a 500) or vanish ("down": every connection
 * dropped), as an outage would.
 */
export type AuthMode = "up" | "failing" | "down";

interface Session {
  id: string;
  userId: string;
  refreshToken: string;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

/** An HS256 JWT, as Supabase signs with the project's JWT secret. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(claims));
  return `${head}.${body}.${base64url(createHmac("sha256", secret).update(`${head}.${body}`).digest())}`;
}

function verifyJwt(token: string, secret: string): Record<string, unknown> | null {
  const [head, body, signature] = token.split(".");
  if (!head || !body || !signature) return null;
  const expected = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  return typeof claims.exp === "number" && claims.exp * 1000 > Date.now() ? claims : null;
}

const hashPassword = (password: string, salt = randomBytes(16).toString("hex")) => `${salt}:${scryptSync(password, salt, 32).toString("hex")}`;
const passwordMatches = (password: string, stored: string) => {
  const [salt] = stored.split(":");
  return timingSafeEqual(Buffer.from(hashPassword(password, salt)), Buffer.from(stored));
};

export async function startSupabaseAuth({ databaseUrl, jwtSecret, port = 0 }: { databaseUrl: string; jwtSecret: string; port?: number }) {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const sessions = new Map<string, Session>();
  /**
   * Refresh tokens just rotated, still accepted for a moment (Supabase Auth's refresh_token_reuse_interval,
   * 10 s by default): requests refreshing at once with the same token all keep the session.
   */
  const rotated = new Map<string, { session: Session; until: number }>();
  const REUSE_INTERVAL_MS = 10_000;
  const counts = { signup: 0, password: 0, refresh_token: 0, user: 0, logout: 0 };
  let mode: AuthMode = "up";
  let accessTokenSeconds = 3600;
  let url = "";

  const userJson = (row: { id: string; email: string; email_confirmed_at: Date | null; raw_app_meta_data: Record<string, unknown>; created_at: Date }) => ({
    id: row.id,
    aud: "authenticated",
    role: "authenticated",
    email: row.email,
    email_confirmed_at: row.email_confirmed_at?.toISOString() ?? null,
    confirmed_at: row.email_confirmed_at?.toISOString() ?? null,
    phone: "",
    app_metadata: row.raw_app_meta_data,
    user_metadata: {},
    identities: [],
    created_at: row.created_at.toISOString(),
    updated_at: row.created_at.toISOString(),
    is_anonymous: false,
  });

  const findUser = async (where: "id" | "email", value: string) =>
    (await db.query("select id, email, encrypted_password, email_confirmed_at, raw_app_meta_data, created_at from auth.users where " + where + " = $1", [value])).rows[0];

  /** A new session: an access token with Supabase's claims and a refresh token. */
  const issue = (user: Parameters<typeof userJson>[0], session: Session) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: `${url}/auth/v1`,
      aud: "authenticated",
      sub: user.id,
      exp: now + accessTokenSeconds,
      iat: now,
      email: user.email,
      phone: "",
      app_metadata: user.raw_app_meta_data,
      user_metadata: {},
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: now }],
      session_id: session.id,
      is_anonymous: false,
    };
    return {
      access_token: signJwt(claims, jwtSecret),
      token_type: "bearer",
      expires_in: accessTokenSeconds,
      expires_at: now + accessTokenSeconds,
      refresh_token: session.refreshToken,
      user: userJson(user),
    };
  };

  const newSession = (userId: string): Session => {
    const session = { id: randomUUID(), userId, refreshToken: randomBytes(16).toString("hex") };
    sessions.set(session.refreshToken, session);
    return session;
  };

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail = (response: ServerResponse, status: number, errorCode: string, msg: string) => send(response, status, { code: status, error_code: errorCode, msg });

  const readBody = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string>) : {};
  };

  /** The session an access token belongs to, if the token is valid and the session not ended. */
  const sessionOf = (request: IncomingMessage) => {
    const token = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const claims = token ? verifyJwt(token, jwtSecret) : null;
    if (!claims) return null;
    const alive = [...sessions.values()].find((s) => s.id === claims.session_id);
    return alive ? { claims, session: alive } : null;
  };

  const server = createServer(async (request, response) => {
    if (mode === "down") {
      request.socket.destroy();
      return;
    }
    if (mode === "failing") return fail(response, 500, "unexpected_failure", "Internal server error");
    const { pathname, searchParams } = new URL(request.url ?? "/", "http://auth");
    try {
      if (request.method === "POST" && pathname === "/auth/v1/signup") {
        counts.signup += 1;
        const { email, password } = await readBody(request);
        if (!email || !password || password.length < 6) return fail(response, 422, "weak_password", "Password should be at least 6 characters.");
        const inserted = await db.query(
          `insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data)
           values (lower($1), $2, now(), '{"provider":"email","providers":["email"]}') on conflict do nothing
           returning id, email, encrypted_password, email_confirmed_at, raw_app_meta_data, created_at`,
          [email, hashPassword(password)],
        );
        if (!inserted.rows[0]) return fail(response, 422, "user_already_exists", "User already registered");
        return send(response, 200, issue(inserted.rows[0], newSession(inserted.rows[0].id)));
      }
      if (request.method === "POST" && pathname === "/auth/v1/token") {
        const grant = searchParams.get("grant_type");
        const body = await readBody(request);
        if (grant === "password") {
          counts.password += 1;
          const user = await findUser("email", (body.email ?? "").toLowerCase());
          if (!user?.encrypted_password || !passwordMatches(body.password ?? "", user.encrypted_password)) {
            return fail(response, 400, "invalid_credentials", "Invalid login credentials");
          }
          return send(response, 200, issue(user, newSession(user.id)));
        }
        if (grant === "refresh_token") {
          counts.refresh_token += 1;
          const recent = rotated.get(body.refresh_token ?? "");
          if (recent && recent.until > Date.now() && sessions.get(recent.session.refreshToken) === recent.session) {
            return send(response, 200, issue(await findUser("id", recent.session.userId), recent.session));
          }
          const session = sessions.get(body.refresh_token ?? "");
          if (!session) return fail(response, 400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
          // Refresh tokens rotate: the used one stops working (after the reuse interval).
          rotated.set(session.refreshToken, { session, until: Date.now() + REUSE_INTERVAL_MS });
          sessions.delete(session.refreshToken);
          session.refreshToken = randomBytes(16).toString("hex");
          sessions.set(session.refreshToken, session);
          return send(response, 200, issue(await findUser("id", session.userId), session));
        }
        return fail(response, 400, "validation_failed", "Unsupported grant type");
      }
      if (request.method === "GET" && pathname === "/auth/v1/user") {
        counts.user += 1;
        const found = sessionOf(request);
        if (!found) return fail(response, 403, "session_not_found", "Session from session_id claim in JWT does not exist");
        return send(response, 200, userJson(await findUser("id", found.session.userId)));
      }
      if (request.method === "POST" && pathname === "/auth/v1/logout") {
        counts.logout += 1;
        const found = sessionOf(request);
        if (found) {
          for (const [token, session] of sessions) {
            if (searchParams.get("scope") === "global" ? session.userId === found.session.userId : session.id === found.session.id) sessions.delete(token);
          }
        }
        response.writeHead(204).end();
        return;
      }
      if (request.method === "GET" && pathname === "/auth/v1/.well-known/jwks.json") return send(response, 200, { keys: [] });
      return fail(response, 404, "not_found", "Not found");
    } catch (error) {
      return fail(response, 500, "unexpected_failure", String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    /** The project's public anon key: a JWT with role anon, signed with the same secret. */
    anonKey: signJwt({ iss: "supabase", role: "anon", iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 10 * 365 * 86400 }, jwtSecret),
    counts,
    setMode: (next: AuthMode) => {
      mode = next;
    },
    setAccessTokenSeconds: (seconds: number) => {
      accessTokenSeconds = seconds;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.end();
    },
  };
}
