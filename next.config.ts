import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and data files from its package folder at run time; pg has optional native bits.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "mjml", "nodemailer"],
  poweredByHeader: false,
};

export default nextConfig;
