import { z } from "zod";

export const credentialsSchema = z.object({
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "Enter a valid email address, like name@example.com" }).max(254, "Email is too long")),
  password: z
    .string({ error: "Enter a password" })
    .min(8, "Password must be at least 8 characters")
    .max(200, "Password must be at most 200 characters"),
});

export type Credentials = z.infer<typeof credentialsSchema>;
