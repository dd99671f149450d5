import os, re, json
out=[]
for line in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sources.txt'), encoding='utf8'):
    line=line.strip()
    m=re.match(r'^(\d+)\. (.*)$', line); ref=int(m.group(1)); rest=m.group(2)
    # authors end at the first ". " after 'et al' or an initials token
    am=re.match(r'^(.*?(?:et al|\b[A-Z][a-zA-Z]{0,2}))\. (.*)$', rest)
    authors=am.group(1)+('.' if am.group(1).endswith('et al') else ''); rest=am.group(2)
    tm=re.match(r'^(.*?)\.? \*(.+?)\* (.*)$', rest)
    title=tm.group(1).rstrip('.'); journal=tm.group(2); tail=tm.group(3)
    doi_text=None
    dm=re.search(r'doi: (10\.\S+?)\.?$', tail)
    if dm: doi_text=dm.group(1); tail=tail[:dm.start()].strip()
    ym=re.match(r'^(\d{4})[^;]*;+(.*?)\.?$', tail)
    year=int(ym.group(1)); vip=ym.group(2)
    vm=re.match(r'^([^(:]+)?(?:\(([^)]+)\))?(?::(.+))?$', vip)
    vol,iss,pages=(vm.group(1),vm.group(2),vm.group(3)) if vm else (None,None,vip)
    first=authors.split(',')[0].strip()
    out.append(dict(ref=ref,authors=authors,first_author=first,year=year,title=title,journal=journal,volume=vol,issue=iss,pages=pages,doi_text=doi_text))
json.dump(out,open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bib.json'),'w'),ensure_ascii=False,indent=1)
for o in out: print(o['ref'],'|',o['first_author'],'|',o['year'],'|',o['journal'][:30],'|',o['volume'],'|',o['issue'],'|',o['pages'],'|',o['doi_text'],'|',o['title'][:40])
