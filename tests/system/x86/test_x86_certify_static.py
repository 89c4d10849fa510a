# SPDX-License-Identifier: Apache-2.0
"""certify, static evidence on pc-x86_64 (Bochs): the demo's EPT and host page
tables, dumped by a certify boot (GRUB passes bulkhead.certify=dump on the
multiboot2 command line) and walked as the SDM says, pass every check; the
foreign_page break fails and names the page."""
from bulkhead.certify import static

PC = 'pc-x86_64'


def test_x86_certify_static_demo_and_foreign_page():
    good = static.evidence(PC, 'demo')
    assert [c['id'] for c in good['checks'] if c['result'] != 'pass'] == [], good['checks']
    assert {c['id'] for c in good['checks']} >= {
        'STATIC-S2-EXACT-producer', 'STATIC-PERMS-consumer', 'STATIC-HYP-UNREACHABLE-hello',
        'STATIC-NO-SHARING', 'STATIC-HYP-WX', 'STATIC-CPU-OWNERS', 'STATIC-IRQ-OWNERS'}
    spaces = {name: {r['what']: r for r in regions}
              for name, regions in good['address_spaces'].items()}
    assert spaces['consumer']['channel:samples']['perms'] == 'r--'
    assert spaces['producer']['channel:samples']['perms'] == 'rw-'

    bad = static.evidence(PC, 'demo', 'foreign_page')
    assert sorted(c['id'] for c in bad['checks'] if c['result'] != 'pass') == \
        ['STATIC-NO-SHARING', 'STATIC-S2-EXACT-producer']
    ram = spaces['producer']['ram']
    ipa, pa = ram['ipa'] + ram['size'], spaces['consumer']['ram']['pa']
    finding, = next(c for c in bad['checks'] if c['id'] == 'STATIC-S2-EXACT-producer')['findings']
    assert 'IPA 0x%x -> PA 0x%x (rwx, 1 page) UNDECLARED' % (ipa, pa) in finding, finding
    assert "consumer's RAM" in finding
