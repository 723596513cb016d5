import { z } from "zod";
import { credentialsSchema } from "./credentials";

export const workspaceInputSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(100, "Name must be at most 100 characters"),
});

export const memberInputSchema = z.object({
  email: credentialsSchema.shape.email,
  role: z.enum(["owner", "member"], { error: "Role must be owner or member" }).default("member"),
});

export type WorkspaceInput = z.infer<typeof workspaceInputSchema>;
export type MemberInput = z.infer<typeof memberInputSchema>;

