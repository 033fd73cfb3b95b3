// The survey pages' stylesheet, served as a file of its own (the web pages allow no inline style).
export const surveyStylesheet = `*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;margin:0;background:#f3f4f6;color:#111827}
main{max-width:36rem;margin:8vh auto;padding:0 1rem}
section{background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:1.5rem 1.75rem;margin-bottom:1rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h1{font-size:1.25rem;margin:0 0 .25rem}
p{line-height:1.6;margin:.5rem 0}
.ticket{color:#4b5563;font-size:.95rem;margin-top:0}
.notice{font-weight:600}
.scale{display:flex;gap:.4rem;margin:1rem 0 .5rem;padding:0;list-style:none}
.scale li{flex:1;text-align:center;padding:.55rem 0;border-radius:8px;background:#f3f4f6;color:#6b7280;font-weight:600}
.scale li.chosen{color:#fff}
.scale li.s1.chosen{background:#b91c1c}.scale li.s2.chosen{background:#c2410c}.scale li.s3.chosen{background:#a16207}
.scale li.s4.chosen{background:#4d7c0f}.scale li.s5.chosen{background:#15803d}
.rating{margin-top:0;color:#374151}
form{margin-top:1.25rem}
label{display:block;font-weight:600;margin-bottom:.4rem}
textarea{width:100%;min-height:7rem;padding:.6rem .7rem;border:1px solid #d1d5db;border-radius:8px;font:inherit;resize:vertical}
textarea:focus{outline:2px solid #2563eb;outline-offset:1px}
button{margin-top:.75rem;padding:.55rem 1.1rem;border:0;border-radius:8px;background:#2563eb;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#1d4ed8}
.error{color:#b91c1c;font-weight:600}
blockquote{margin:.5rem 0 0;padding:.6rem .8rem;border-left:3px solid #d1d5db;background:#f9fafb;white-space:pre-wrap;overflow-wrap:anywhere}
`;
