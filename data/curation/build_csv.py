import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import json, glob, csv, re, os
bib={b['ref']:b for b in json.load(open(os.path.join(HERE, 'bib.json')))}
rec={}
for f in sorted(glob.glob(os.path.join(HERE, 'lookups', 'group-*.json'))):
    for r in json.load(open(f)): rec[r['ref']]=r
ids={}
for f in sorted(glob.glob(os.path.join(HERE, 'lookups', 'ids-*.json'))):
    for r in json.load(open(f)): ids[r['ref']]=r
DUP={28:1,40:3,43:9,49:25}
ANNOTATED={1,2,3,4,5,7,10,13,17,22,31,39,47,48,28,40}
REVIEW_TEXT='review text'
FIELDS=['ref','duplicate_of','authors','first_author','year','title','journal','volume','issue','pages','pmid','pmid_source','doi','doi_source','design','design_note','centres','patients','lesions','counts_note','sites','sites_note','interventions','interventions_note','rfa_vs_rfa_cement','rt_role','industry_ties','industry_note','annotated','coding_source','notes']
import overrides
SITES=['spine','sacrum','pelvis','extremity','other']
INTERVENTIONS=['rfa','cement','cryoablation','microwave','radiotherapy','embolization','brachytherapy','surgery','fixation','other']
rows=[]
def clean(s):
    if s is None: return ''
    return re.sub(r'\s+',' ',str(s)).strip()
for ref in range(1,58):
    b=bib[ref]; r=dict(rec[ref]); i=ids.get(ref,{})
    # second pass: identifiers and coding
    for k in ('pmid','doi'):
        if i.get(k) and not r.get(k):
            r[k]=i[k]; r[k+'_source']=i[k+'_source']
    if i.get('coding'):
        for k,v in i['coding'].items():
            if v not in (None,[],'') : r[k]=v
    o=overrides.OVR.get(ref,{})
    r.update(o)
    row={
      'ref':ref,'duplicate_of':DUP.get(ref,''),
      'authors':b['authors'],'first_author':b['first_author'],'year':b['year'],'title':b['title'],'journal':b['journal'],
      'volume':b['volume'] or '','issue':b['issue'] or '','pages':b['pages'] or '',
      'pmid':r.get('pmid') or '','pmid_source':r.get('pmid_source') or '' if r.get('pmid') else '',
      'doi':r.get('doi') or '','doi_source':(r.get('doi_source') or '') if r.get('doi') else '',
      'design':r['design'],'design_note':clean(r.get('design_note')),
      'centres':r.get('centres') or '','patients':'' if r.get('patients') is None else r['patients'],'lesions':'' if r.get('lesions') is None else r['lesions'],
      'counts_note':clean(r.get('counts_note')),
      'sites':';'.join(sorted(set(r.get('sites') or []), key=SITES.index)),'sites_note':clean(r.get('sites_note')),
      'interventions':';'.join(sorted(set(r.get('interventions') or []), key=INTERVENTIONS.index)),'interventions_note':clean(r.get('interventions_note')),
      'rfa_vs_rfa_cement':'' if r.get('rfa_vs_rfa_cement') is None else str(r['rfa_vs_rfa_cement']).lower(),
      'rt_role':'' if r.get('rt_role') is None else str(r['rt_role']).lower(),
      'industry_ties':'' if r.get('industry_ties') is None else str(r['industry_ties']).lower(),
      'industry_note':clean(r.get('industry_note')),
      'annotated':'true' if ref in ANNOTATED else 'false',
      'coding_source':clean(r.get('coding_source')) or REVIEW_TEXT,
      'notes':clean(' '.join(x for x in [r.get('discrepancies') and ('Citation vs source: '+r['discrepancies']), r.get('notes'), o.get('curator')] if x)),
    }
    if b.get('doi_text') and not row['doi']:
        row['doi']=b['doi_text']; row['doi_source']=REVIEW_TEXT
    rows.append(row)
# duplicates carry the coding of their first listing
for row in rows:
    d=row['duplicate_of']
    if d:
        first=rows[d-1]
        for k in FIELDS[10:]:
            if k in ('annotated','notes'): continue
            row[k]=first[k]
        row['notes']=f'Same publication as ref {d} (same authors, title, volume, issue and pages); coded fields copied from ref {d}. '+(overrides.OVR.get(row['ref'],{}).get('curator') or '')
        row['notes']=row['notes'].strip()
with open(os.environ.get('OUT', os.path.join(HERE, '..', 'studies.csv')),'w',newline='',encoding='utf8') as f:
    w=csv.DictWriter(f,fieldnames=FIELDS,lineterminator='\n'); w.writeheader(); w.writerows(rows)
print('wrote',len(rows))
