// The AWS SDK warns on every process that Node 20 support ends in 2027; the project pins Node 20 knowingly.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
