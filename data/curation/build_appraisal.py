"""Builds ../appraisal.csv: one row per included study x domain of the tool its design calls for.

Every judgement is "no information" unless a quote the curators recorded (studies.csv notes, lookups/*.json) supports a
real one; those are listed in REAL below with the quote. Nothing here comes from a full text: none was seen.
Run: python3 data/curation/build_appraisal.py
"""
import csv, os

HERE = os.path.dirname(os.path.abspath(__file__))
RATER = 'npa appraisal helper (AI assistant), 2026-12-01'
JBI = ['Q%d' % i for i in range(1, 11)]
ROB2 = ['D1', 'D2', 'D3', 'D4', 'D5', 'overall']

# (ref, domain): (judgement, support quote, source column of studies.csv the quote is in)
REAL = {
    (3, 'Q4'): ('yes', '"in 33 consecutive procedures"', 'counts_note'),
    (5, 'Q4'): ('yes', '"26 lesions in 23 consecutive patients"', 'counts_note'),
    (7, 'Q4'): ('yes', '"266 tumors in 166 consecutive patients"', 'counts_note'),
    (18, 'Q4'): ('yes', '"Seventy-nine consecutive patients"', 'counts_note'),
    (26, 'Q4'): ('yes', '"25 patients ... were consecutively included between 2012 and 2019"', 'design_note'),
    (27, 'Q4'): ('yes', '"23 consecutive patients ... with 23 sacral metastases"', 'counts_note'),
    (31, 'Q4'): ('yes', '"274 consecutive patients"', 'counts_note'),
    (44, 'Q4'): ('yes', '"Eighty-nine consecutive patients had undergone curatively intended thermal ablation"', 'counts_note'),
    (21, 'Q5'): ('yes', '"retrospectively review our tumor ablation database for all patients who underwent RFA of osseous metastases between April 2012 and July 2014"', 'design_note'),
    (44, 'Q5'): ('yes', '"The medical records of all patients who had undergone curatively intended thermal ablation of bone metastases between September 2001 and February 2012 were retrospectively analysed."', 'design_note'),
    (17, 'Q6'): ('yes', '"Twenty-six male and 24 female patients (mean age 61.0)"', 'counts_note'),
    (24, 'Q6'): ('yes', '"Twenty-eight patients (21 males, 7 females; mean age, 61.2 years)"', 'counts_note'),
    (29, 'Q6'): ('yes', '"4 males and 12 females (age range 54-84)"', 'counts_note'),
}
PROTOCOL = 'Study protocol of a randomised trial (NCT04375891): no participants or results are reported, so no result can be appraised.'


def main():
    studies = list(csv.DictReader(open(os.path.join(HERE, '..', 'studies.csv'), encoding='utf-8')))
    rows = []
    for s in studies:
        if s['duplicate_of']:
            continue
        ref = int(s['ref'])
        source = s['coding_source'] or 'review text'
        no_page = source.startswith('review text')
        tool, domains = ('rob2', ROB2) if s['design'] in ('rct', 'rct_protocol') else ('jbi_case_series', JBI)
        for d in domains:
            if (ref, d) in REAL:
                j, quote, column = REAL[(ref, d)]
                assert quote.strip('"').split(' ... ')[0] in s[column], (ref, d)
                rows.append([ref, tool, d, j, quote, source, RATER, ''])
            elif tool == 'rob2':
                rows.append([ref, tool, d, 'no information', PROTOCOL, source, RATER, ''])
            else:
                why = ('No abstract or full text was found; only the cited title and the review\'s annotation were seen.' if no_page
                       else 'The source seen (abstract or landing page) does not report on this item; the full text was not seen.')
                rows.append([ref, tool, d, 'no information', why, source, RATER, ''])
    with open(os.path.join(HERE, '..', 'appraisal.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['ref', 'tool', 'domain', 'judgement', 'support', 'source', 'rater', 'notes'])
        w.writerows(rows)
    real = sum(1 for r in rows if r[3] != 'no information')
    print(f'{len(rows)} rows, {len({r[0] for r in rows})} studies, {real} real judgements in {len({r[0] for r in rows if r[3] != "no information"})} studies')


main()
