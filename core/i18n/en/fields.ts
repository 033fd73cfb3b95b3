// Messages shown beside a form field, in English.
export const fields = {
  required: "Required.",
} as const;
