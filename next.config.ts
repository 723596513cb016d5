import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/content-security-policy";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its package folder at run time; pg has optional native bits.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "mjml", "nodemailer"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
