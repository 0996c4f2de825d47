// `iisguard rules`: the rules, their 401 and default level; `--markdown` prints docs/rules.md.
import type { Command } from "commander";
import { RULES } from "../../core/rules";
import { rulesMarkdown } from "../../core/report/rules-markdown";

export function registerRulesCommand(program: Command): void {
  program
    .command("rules")
    .description("list the rules, or print the rule reference")
    .option("--markdown", "print the rule reference as Markdown (docs/rules.md)")
    .action((o) => {
      if (o.markdown) process.stdout.write(rulesMarkdown(RULES));
      else
        for (const r of RULES)
          process.stdout.write(
            `${r.id.padEnd(34)} ${(r.substatus ? `HTTP ${r.substatus}` : "-").padEnd(10)} ${r.level.padEnd(9)} ${r.title}\n`,
          );
    });
}
