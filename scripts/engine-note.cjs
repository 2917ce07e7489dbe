// npm's preinstall: on a system Node older than 24, says once why npm warns about engines. CommonJS and
// wrapped whole in try, so that it runs on any Node and never fails an install.
try {
  // The Node that runs npm (the one its engine check looks at), not the `node` first on this script's PATH.
  const version = /\bnode\/v?([0-9.]+)/.exec(process.env.npm_config_user_agent || '')?.[1] || process.versions.node
  if (Number(version.split('.')[0]) < 24) {
    console.log(
      `\nwa-gateway: npm runs on Node ${version} here; the gateway runs on Node 24, which this install ` +
        'brings as the `node` package (node_modules/.bin/node, used by npm start / npm test / npx). ' +
        'The EBADENGINE warnings ("required: { node: >=24 }") are expected and harmless.\n',
    )
  }
} catch {
  // Only a note: nothing to do.
}
