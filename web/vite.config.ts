import path from "node:path";
import { fileURLToPath } from "node:url";

import { build, defineConfig, type Plugin, type UserConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Two pages from one source:
 * - `dist/index.html` (served by the gateway or any web server): ES modules split into chunks, so the
 *   verify page loads only what verifying needs; the citizen view is fetched when its tab is opened.
 * - `dist/standalone.html`: one self-contained file, the script inlined as a classic script, for
 *   opening as a plain file (browsers refuse module scripts from file://).
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
      html.fileName = "standalone.html";
      html.source = text;
    },
  };
}

/**
 * The page never deploys a contract: TypeChain factories' creation bytecode (most of their size) is
 * replaced by "0x"; their ABIs stay.
 */
function dropBytecode(): Plugin {
  return {
    name: "govchain-drop-bytecode",
    transform(code, id) {
      if (!/typechain-types[\\/]factories[\\/].*__factory\.ts$/.test(id)) return undefined;
      return { code: code.replace(/const _bytecode =\s*"0x[0-9a-fA-F]*";/, 'const _bytecode = "0x";'), map: null };
    },
  };
}

/**
 * The SDK decodes custom errors of every suite contract (sdk/abis.ts); the page reads only the
 * contracts in web/src/abis.ts, so it bundles only their ABIs.
 */
function pageAbis(): Plugin {
  const sdkAbis = path.resolve(here, "../sdk/abis.ts");
  return {
    name: "govchain-page-abis",
    enforce: "pre",
    async resolveId(source, importer) {
      if (importer === undefined || !/[\\/]abis\.js$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      return resolved?.id === sdkAbis ? path.resolve(here, "src/abis.ts") : null;
    },
  };
}

/**
 * `virtual:govchain-names`: the city file's names for department, certificate-type and case-type
 * codes (Chinese and English), read at build time with the CLI's own loader: the chain holds codes.
 */
function cityNames(): Plugin {
  const id = "virtual:govchain-names";
  return {
    name: "govchain-city-names",
    resolveId: (source) => (source === id ? `\0${id}` : null),
    async load(source) {
      if (source !== `\0${id}`) return null;
      const { loadCityConfig } = await import("../config/city.js");
      const city = loadCityConfig();
      const names = (list: { code?: string; id?: string; name?: string; nameZh?: string }[] = []) =>
        Object.fromEntries(list.map((x) => [x.code ?? x.id, { en: x.name, zh: x.nameZh }]));
      const table = {
        city: city.city,
        departments: names(city.departments),
        certificateTypes: names(city.certificateTypes),
        caseTypes: names(city.caseTypes),
      };
      return `export default ${JSON.stringify(table)};`;
    },
  };
}

const common = (): UserConfig => ({
  root: here,
  base: "./",
  logLevel: "info",
  build: { outDir: "dist", target: "es2022", cssCodeSplit: false },
});

export default defineConfig(({ mode }) => {
  const base = common();
  if (mode === "standalone") {
    return {
      ...base,
      plugins: [cityNames(), pageAbis(), dropBytecode(), inlineScript()],
      build: {
        ...base.build,
        emptyOutDir: false,
        modulePreload: false,
        rollupOptions: { output: { format: "iife", inlineDynamicImports: true } },
      },
    };
  }
  return {
    ...base,
    plugins: [
      cityNames(),
      pageAbis(),
      dropBytecode(),
      {
        name: "govchain-standalone-too",
        apply: "build",
        async closeBundle() {
          await build({ configFile: path.join(here, "vite.config.ts"), mode: "standalone" });
        },
      },
    ],
    build: {
      ...base.build,
      emptyOutDir: true,
      rollupOptions: {
        output: {
          // ethers changes less often than the page: its own chunk stays cached across releases.
          manualChunks: (id) => (/node_modules[\\/](ethers|@noble|@adraffy)[\\/]/.test(id) ? "ethers" : undefined),
        },
      },
    },
  };
});
