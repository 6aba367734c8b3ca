/**
 * The AWS SDK warns once per process that its releases after January 2027 need Node 22. Every Pulumi preview starts
 * fresh provider and policy processes, so the warning buried each plan. Set before any client exists; `??=` keeps
 * a user's own choice (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false brings the warning back).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
