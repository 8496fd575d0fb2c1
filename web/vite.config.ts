import { defineConfig, type Plugin } from "vite";

/**
 * One self-contained `dist/index.html`: the script is inlined as a classic script so the page also
 * works opened as a plain file (browsers refuse module scripts from file://), and a gateway can serve
 * it with no other asset.
 */
function inlineScript(): Plugin {
  return {
    name: "govchain-inline-script",
    enforce: "post",
    generateBundle(_, bundle) {
      const html = Object.values(bundle).find((f) => f.fileName === "index.html");
      if (html === undefined || html.type !== "asset") return;
      let text = String(html.source);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === "chunk") {
          const tag = new RegExp(`<script[^>]*src="[^"]*${chunk.fileName.replace(/[.]/g, "\\.")}"[^>]*></script>`);
          const code = chunk.code.replace(/<\/script/gi, "<\\/script");
          text = text.replace(tag, "");
          text = text.replace("</body>", () => `<script>${code}</script>\n</body>`);
          delete bundle[chunk.fileName];
        } else if (chunk.fileName.endsWith(".css")) {
          const tag = new RegExp(`<link[^>]*href="[^"]*${chunk.fileName.replace(/[.]/g, "\\.")}"[^>]*>`);
          text = text.replace(tag, () => `<style>${String(chunk.source)}</style>`);
          delete bundle[chunk.fileName];
        }
      }
      html.source = text;
    },
  };
}

export default defineConfig({
  root: "web",
  base: "./",
  plugins: [inlineScript()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    cssCodeSplit: false,
    rollupOptions: { output: { format: "iife", inlineDynamicImports: true } },
  },
});
