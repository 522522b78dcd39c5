#!/usr/bin/env python3
"""Lists product functions longer than N lines (default 80): definitions starting at
column 0, ended by the matching brace. Usage: scripts/long-functions.py [N] [folders...]"""
import os, re, sys
limit = int(sys.argv[1]) if len(sys.argv) > 1 else 80
roots = sys.argv[2:] or ['core', 'models', 'ui', 'app']
out = []
for root in roots:
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith('.cpp'): continue
            p = os.path.join(d, f)
            text = open(p, errors='replace').read()
            # Braces inside string and character literals and comments do not count.
            text = re.sub(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', '""', text)
            text = re.sub(r'//[^\n]*', '', text)
            lines = text.split('\n')
            i = 0
            while i < len(lines):
                l = lines[i]
                m = re.match(r'^(\S.*?)\b([A-Za-z_][\w:~]*)\s*\(', l)
                if m and not l.startswith(('#', '//', 'namespace', '}', 'struct', 'class', 'using', 'static_assert')) and not l.rstrip().endswith(';'):
                    # find opening brace line
                    j = i
                    while j < len(lines) and '{' not in lines[j] and not lines[j].rstrip().endswith(';'):
                        j += 1
                    if j < len(lines) and '{' in lines[j]:
                        depth = 0; k = j
                        while k < len(lines):
                            depth += lines[k].count('{') - lines[k].count('}')
                            if depth <= 0 and k >= j: break
                            k += 1
                        n = k - i + 1
                        if n > limit: out.append((n, p, i + 1, m.group(2)))
                        i = k + 1; continue
                i += 1
for n, p, line, name in sorted(out, reverse=True):
    print(f"{n:5d} {p}:{line} {name}")
