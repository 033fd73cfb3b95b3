/** Domains of free mailbox providers: a sender there is not a company. */
export const freeMailDomains: ReadonlySet<string> = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "yahoo.co.uk", "ymail.com", "outlook.com",
  "outlook.jp", "hotmail.com", "hotmail.co.jp", "hotmail.co.uk", "live.com", "live.jp", "msn.com",
  "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com",
  "gmx.de", "gmx.net", "web.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com",
  "126.com", "naver.com", "fastmail.com", "zoho.com", "tutanota.com", "docomo.ne.jp", "ezweb.ne.jp",
  "au.com", "softbank.ne.jp", "i.softbank.jp", "nifty.com", "ocn.ne.jp", "hey.com",
]);
