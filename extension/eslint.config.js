// ESLint flat config: the recommended rules, with the globals each part of
// the extension really runs with. wasm/ is a build output (Go's wasm_exec.js).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["wasm/**", "node_modules/**", "test/output/**"] },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["test/**/*.js", "bench/**/*.js", "tools/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
