// A select property's options may carry a label per language: Discord's status modal offers them
// in the agent's language, with the option's value as the value.
import { expect, it } from "vitest";
import { HelpdeskConfig } from "../../core/config.js";
import { english, Formats, speechIn } from "../../core/index.js";
import { changeStatus, type StatusRequirement } from "./actions/change-status.js";

it("offers a select property's options in the agent's language", () => {
  const [product] = HelpdeskConfig.parse({
    properties: [
      {
        name: "product",
        label: "Product",
        type: "select",
        options: [{ value: "web", label: { en: "Web app", ja: "ウェブアプリ" } }, "mobile"],
      },
    ],
  }).properties;
  const missing: StatusRequirement[] = [{ name: "product", label: "Product", property: product! }];
  const optionsIn = (f: Formats) => {
    const m = changeStatus.modals.status(speechIn(f), 9, "triaged", missing) as unknown as {
      components: { component: { options?: { label: string; value: string }[] } }[];
    };
    return m.components[0]!.component.options!.map((o) => [o.label, o.value]);
  };
  expect(optionsIn(english)).toEqual([
    ["Web app", "web"],
    ["mobile", "mobile"],
  ]);
  expect(optionsIn(new Formats("ja"))).toEqual([
    ["ウェブアプリ", "web"],
    ["mobile", "mobile"],
  ]);
});
