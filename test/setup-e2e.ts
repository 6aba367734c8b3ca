import { closeProgramRunners } from "../scripts/program-runner-pool";

// The long-lived program runners this test file's workspaces started (scripts/pulumi-workspace.ts) end with it: jest's
// worker goes on to other files, and their CPU is counted only once they have exited.
afterAll(() => closeProgramRunners());
