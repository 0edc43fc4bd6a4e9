/** @type {import('prettier').Config} */
// OCA's prettier settings for 18.0, 120 columns like .ruff.toml.
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 120,
    tabWidth: 4,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
