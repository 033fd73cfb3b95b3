import { signedProvider } from "./signed.js";
import { tallyProvider } from "./tally.js";
import { typeformProvider } from "./typeform.js";
import type { FormProviderRegistry } from "./types.js";

/** One entry per way a form can reach us; a kind missing here is a compile error. */
export const formProviderRegistry: FormProviderRegistry = {
  signed: signedProvider,
  typeform: typeformProvider,
  tally: tallyProvider,
};
