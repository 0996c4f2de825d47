// typescript-eslint's recommended rules on every TypeScript file (no type information: the whole
// tree lints in seconds on two cores). Formatting is prettier's (.prettierrc.json), not the linter's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "policies/lib/", ".tools/", "bench/peers/", "coverage/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names say "deliberately unused" (destructuring a field away).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // The runtime loader and the demo register modules by computed path (so the build leaves them out).
      "@typescript-eslint/no-require-imports": "off",
      // Matching control characters is the point where they appear: reports show them escaped.
      "no-control-regex": "off",
    },
  },
  {
    // The analyzer driver speaks to google-protobuf's generated JavaScript, which has no types;
    // tests hand hostile, shapeless values to the boundaries on purpose.
    files: ["preview/**/*.ts", "test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
