"""Name pairs for measuring the match keys: recall (one name, two spellings) and precision
(two names that look or sound alike but are not the same).

Sources: the names are public facts (place names of North Korea, persons of the period); the
Hanja and Hangul forms are the standard ones (e.g. the Korean Wikipedia articles on each place),
the Russian forms those of the Russian Wikipedia articles (Кэсон, Кемь) and Soviet documents of the
period (Ким Ир Сен, Пхеньян); the Chinese ones the standard simplified and traditional forms (刘少奇/
劉少奇, 彭德怀/彭德懷 as the Chinese and Taiwanese Wikipedias write them).
``KNOWN_MISSES`` are the precision pairs the keys still join, each for a reason in docs/names.md.
"""

from __future__ import annotations

SAME = [
    ("Shtykov", "Штыков"), ("Shtykov", "Štykov"), ("Штыков", "Štykov"), ("Shtykov", "Shtikov"),
    ("Kim Il-sung", "김일성"), ("Kim Il Sung", "Ким Ир Сен"), ("김일성", "Ким Ир Сен"), ("Kim Il-sung", "Kim Ilsŏng"),
    ("청진", "Ch'ŏngjin"), ("청진", "Chongjin"), ("청진", "Чхонджин"), ("Chongjin", "Cheongjin"),
    ("성진", "Songjin"), ("성진", "Sŏngjin"), ("Songjin", "Seongjin"),
    ("평양", "Pyongyang"), ("평양", "Пхеньян"), ("Pyongyang", "P'yŏngyang"),
    ("김책", "Kim Chaek"), ("김두봉", "Kim Tu-bong"),
    ("毛泽东", "Mao Tse-tung"), ("毛泽东", "毛澤東"), ("周恩来", "Чжоу Эньлай"), ("Mao Zedong", "Mao Tse-tung"),
    ("Мерецков", "Meretskov"), ("Чистяков", "Čistjakov"), ("Чистяков", "Chistiakov"),
    ("박헌영", "Pak Hŏn-yŏng"), ("Pak Hon-yong", "박헌영"),
    # Soviet officers and officials in Korea, and places of the sample and the seeds.
    ("Игнатьев", "Ignatiev"), ("Игнатьев", "Ignat'ev"), ("Лебедев", "Lebedev"), ("Романенко", "Romanenko"),
    ("Шикин", "Shikin"), ("Вышинский", "Vyshinsky"), ("Вышинский", "Vyshinskii"), ("Хрущёв", "Хрущев"),
    ("Хрущёв", "Khrushchev"), ("Малиновский", "Malinovsky"), ("Mao Zedong", "Мао Цзэдун"),
    ("周恩来", "Chou En-lai"), ("허가이", "Ho Ka-i"), ("최용건", "Choe Yong-gon"),
    ("원산", "Wonsan"), ("함흥", "Hamhung"), ("함흥", "Хамхын"),
    # Two Russian spellings of one Korean name (usage and Kontsevich): only an authority joins them.
    ("Ким Ир Сен", "Ким Ильсон"),
    # One written name in simplified, traditional and Korean variant characters (淸 U+6DF8 is 清 U+6E05,
    # 晩 is 晚): Chongjin, Liu Shaoqi, Peng Dehuai (commander in Korea), Syngman Rhee.
    ("淸津", "清津"), ("劉少奇", "刘少奇"), ("彭德懷", "彭德怀"), ("李承晩", "李承晚"),
    # Kaesŏng (開城, 개성), Tanch'ŏn (端川, 단천), Sinch'ŏn (信川, 신천) in MR, RR, plain and Russian spellings.
    ("Kaesong", "개성"), ("Kaesong", "Gaeseong"), ("Кэсон", "Kaesong"), ("Tanchon", "Dancheon"),
    ("단천", "Tanchon"), ("Pyongyang", "Пхеньян"), ("Kim Jong Il", "김정일"), ("Sinchon", "신천"),
    # Soviet-era Russian renderings (Kontsevich and older usage, as the Russian Wikipedia titles and Soviet
    # documents of 1945-53 write them) against MR, RR and Hangul: ㅓ is о or е (Сен, Хон, Ен), ㅡ is ы
    # (Хамхын, Синыйджу, Хыннам), ㅐ is э (Кэсон); Chinese names in Palladius (Цзэдун, Эньлай).
    ("Пхеньян", "P'yŏngyang"), ("Вонсан", "Wonsan"), ("원산", "Вонсан"), ("Хамхын", "Hamhung"),
    ("Синыйджу", "Sinuiju"), ("신의주", "Синыйджу"), ("Хыннам", "Hungnam"), ("흥남", "Хыннам"),
    ("Ким Ду Бон", "Kim Tu-bong"), ("김두봉", "Ким Ду Бон"), ("Пак Хон Ен", "Pak Hon-yong"), ("박헌영", "Пак Хон Ен"),
    ("Мао Цзэдун", "Mao Tse-tung"), ("Чжоу Эньлай", "Zhou Enlai"), ("Чжоу Эньлай", "Chou En-lai"), ("Кемь", "Kem"),
    ("Кэсон", "개성"), ("Чхонджин", "Ch'ŏngjin"), ("Сеул", "Seoul"), ("Нампхо", "Nampo"),
]

DIFFERENT = [
    # Songjin (城津, 성진; now Kimchaek) and Chongjin (淸津, 청진): two ports 80 km apart.
    ("城津", "淸津"), ("城津", "清津"), ("城津", "Chongjin"), ("淸津", "Songjin"), ("城津", "청진"),
    ("성진", "청진"), ("Songjin", "Chongjin"), ("성진", "Chongjin"), ("청진", "Songjin"),
    # Chŏngju (定州, 정주) in the north-west and Ch'ŏngju (淸州, 청주) in the south: MR parts them by an apostrophe.
    ("정주", "청주"), ("定州", "淸州"),
    # Changjin (長津, 장진; the "Chosin" reservoir) is not Chongjin.
    ("장진", "청진"), ("長津", "淸津"), ("Changjin", "Chongjin"), ("장진", "Chongjin"),
    # Sunch'ŏn (順川, 순천) is not Songjin.
    ("순천", "성진"), ("Sunchon", "Songjin"),
    # Surnames one Hangul syllable writes but different Hanja (姜/康 Kang, 鄭/丁 Chŏng, 柳/劉 Yu).
    ("姜", "康"), ("鄭", "丁"), ("柳", "劉"),
    # Different people with a shared surname or similar names.
    ("김일성", "김정일"), ("金日成", "金正日"), ("Kim Il Sung", "Kim Jong Il"), ("김일성", "김책"),
    ("박헌영", "박정희"), ("이승만", "이범석"), ("Shtykov", "Stykin"), ("Мерецков", "Малиновский"),
    ("Kim Il Sung", "Kim Chaek"), ("Mao Zedong", "Zhou Enlai"),
    # Russian surnames of the period that differ by a syllable or a vowel: Ignat'ev (Soviet adviser in
    # Pyongyang) and Ignatov; Merkulov (NKGB) and Meretskov; Malinin and Malinovsky; Chistov and Chistyakov.
    ("Игнатьев", "Игнатов"), ("Ignatiev", "Ignatov"), ("Мерецков", "Меркулов"), ("Малиновский", "Малинин"),
    ("Чистяков", "Чистов"), ("Шикин", "Штыков"), ("Вышинский", "Вишневский"), ("Романенко", "Романов"),
    # Korean places and people one syllable apart: Sinŭiju and Ŭiju, Hamhŭng and Hŭngnam, P'yŏngyang and
    # P'yŏnggang (a county in Kangwŏn), Kanggye and Kangnŭng; Hŏ Kai and Hŏ Hŏn; Pak Hŏn-yŏng and Pak Hyŏn-yŏng.
    ("신의주", "의주"), ("Sinuiju", "Uiju"), ("함흥", "흥남"), ("Hamhung", "Hungnam"), ("평양", "평강"),
    ("Pyongyang", "Pyonggang"), ("Пхеньян", "Пхенган"), ("강계", "강릉"), ("Kanggye", "Kangnung"),
    ("허가이", "허헌"), ("박헌영", "박현영"), ("金策", "金日成"),
    # Places a loose key joins though vowels part them: Sunch'ŏn (順川) and Sinch'ŏn (信川); Kaesŏng (開城)
    # and Kosŏng (高城); Tanch'ŏn (端川, South Hamgyŏng) and T'ongch'ŏn (通川, Kangwŏn); P'yŏngyang (平壤)
    # and the province P'yŏngan (平安).
    ("순천", "신천"), ("Sunchon", "Sinchon"), ("Sunchon", "신천"), ("개성", "고성"), ("Kaesong", "Kosong"),
    ("Kaesong", "고성"), ("開城", "高城"), ("단천", "통천"), ("Tanchon", "Tongchon"), ("端川", "通川"),
    ("平壤", "平安"), ("평양", "평안"), ("Pyongyang", "Pyongan"),
    # Chinese surnames written apart that Mandarin reads alike: 張/章 Zhang, 王/汪 Wang, 江/姜 Jiang.
    ("張", "章"), ("王", "汪"), ("江", "姜"),
    # Ким (Kim) and Кемь (Kem', a town in Karelia), in Cyrillic, in Latin, and across the two; Kaesŏng in
    # Russian (Кэсон) and Kosŏng; Ignat'ev and Ignatov across scripts; Changjin and Chongjin (Чхонджин).
    ("Ким", "Кемь"), ("Kim", "Kem"), ("Kim", "Кемь"), ("Кэсон", "Kosong"), ("Игнатьев", "Ignatov"),
    ("Changjin", "Чхонджин"), ("장진", "Чхонджин"),
    # The same places and people across Cyrillic and the other scripts: Hamhŭng and Hŭngnam, Sinŭiju and
    # Ŭiju, Changjin (Чанджин) and Ch'ŏngjin, Kaesŏng and Kosŏng (Косон), Sunch'ŏn (Сунчхон) and Sinch'ŏn
    # (Синчхон), Tanch'ŏn (Танчхон) and T'ongch'ŏn, P'yŏngyang and P'yŏnggang / P'yŏngan, Pak Hŏn-yŏng and
    # Pak Hyŏn-yŏng, Kim Il Sung and Kim Jong Il, Kim Tu-bong and Kim Chaek, Mao and Zhou.
    ("Хамхын", "Hungnam"), ("Хыннам", "Hamhung"), ("Синыйджу", "Uiju"), ("Ыйджу", "Sinuiju"), ("Чанджин", "Chongjin"),
    ("Чанджин", "청진"), ("Косон", "Kaesong"), ("Кэсон", "고성"), ("Сунчхон", "Sinchon"), ("Синчхон", "Sunchon"),
    ("Танчхон", "Tongchon"), ("Пхеньян", "Pyonggang"), ("Пхеньян", "Pyongan"), ("Пак Хон Ен", "Pak Hyon-yong"),
    ("Ким Ир Сен", "Kim Jong Il"), ("Ким Ду Бон", "Kim Chaek"), ("Мао Цзэдун", "Zhou Enlai"),
]

# Precision pairs the keys still join: the cross-script loose keys, between a Cyrillic name and a name
# in another script. A Latin y before a vowel may be a glide Russian hides in the consonant (Pyongyang =
# Пхеньян), so Hyon (Hyŏn) meets Хон (Hŏn). Exact spelling (search's ``exact``) drops the loose ones.
KNOWN_MISSES = {("Пак Хон Ен", "Pak Hyon-yong")}
# One-name pairs the keys do not join: two Cyrillic spellings that differ meet through an authority
# record holding both, never by the loose key alone (Игнатьев/Игнатов would meet too).
RECALL_MISSES = {("Ким Ир Сен", "Ким Ильсон")}
