//! Latin keys for words in Cyrillic and Greek, so that a name compares across scripts:
//! "Зеленский" and "Zelensky" are `zelensky`, "Путиным" and "Putin" are `putin`,
//! "Τσίπρας" and "Tsipras" are `tsipras`.
//!
//! The transliteration is the one English news uses (BGN/PCGN-like, "kh", "zh", "ts", "ya"),
//! with the adjective endings of surnames ("-ский", "-ый") as "y" and the oblique case endings
//! of masculine names ("Путина" aside: it is also a feminine form) taken off.

/// The Latin key of a normalised (lowercase) word, or `None` when it has no Cyrillic or Greek
/// letter.
pub(super) fn latin(word: &str) -> Option<String> {
    if !word.chars().any(|c| matches!(c, '\u{370}'..='\u{4FF}')) {
        return None;
    }
    let mut out = String::with_capacity(word.len() + 4);
    for part in word.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let base = masculine_base(part);
        for c in base.chars() {
            match letter(c) {
                Some(l) => out.push_str(l),
                None => out.push(c),
            }
        }
        if base.len() < part.len() && (base.ends_with("ск") || base.ends_with("цк")) {
            out.push('y');
        }
    }
    Some(out)
}

/// A Cyrillic word without the ending of a surname-adjective ("зеленский", "зеленского" are
/// "зеленск") or of a masculine oblique case ("путиным", "путином", "путину" are "путин");
/// words of five letters or fewer are left whole.
fn masculine_base(word: &str) -> &str {
    const ADJECTIVE: [&str; 8] = ["ий", "ый", "ого", "ому", "им", "ым", "ом", "ой"];
    const OBLIQUE: [&str; 3] = ["ым", "ом", "ого"];
    if word.chars().count() <= 5 {
        return word;
    }
    let stem = |e: &str| word.strip_suffix(e);
    for e in ADJECTIVE {
        if let Some(s) = stem(e).filter(|s| s.ends_with("ск") || s.ends_with("цк")) {
            return s;
        }
    }
    OBLIQUE.iter().find_map(|e| stem(e)).unwrap_or(word)
}

/// The Latin spelling of one Cyrillic or Greek letter (Greek accents dropped).
#[rustfmt::skip]
fn letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' => "e", 'ё' => "e",
        'ж' => "zh", 'з' => "z", 'и' => "i", 'й' => "i", 'к' => "k", 'л' => "l", 'м' => "m",
        'н' => "n", 'о' => "o", 'п' => "p", 'р' => "r", 'с' => "s", 'т' => "t", 'у' => "u",
        'ф' => "f", 'х' => "kh", 'ц' => "ts", 'ч' => "ch", 'ш' => "sh", 'щ' => "shch",
        'ъ' | 'ь' => "", 'ы' => "y", 'э' => "e", 'ю' => "yu", 'я' => "ya", 'і' => "i",
        'ї' => "yi", 'є' => "ye", 'ґ' => "g", 'ў' => "u", 'ј' => "j", 'љ' => "lj", 'њ' => "nj",
        'ћ' => "c", 'ђ' => "dj", 'џ' => "dz",
        'α' | 'ά' => "a", 'β' => "v", 'γ' => "g", 'δ' => "d", 'ε' | 'έ' => "e", 'ζ' => "z",
        'η' | 'ή' => "i", 'θ' => "th", 'ι' | 'ί' | 'ϊ' | 'ΐ' => "i", 'κ' => "k", 'λ' => "l",
        'μ' => "m", 'ν' => "n", 'ξ' => "x", 'ο' | 'ό' => "o", 'π' => "p", 'ρ' => "r",
        'σ' | 'ς' => "s", 'τ' => "t", 'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y", 'φ' => "f", 'χ' => "ch",
        'ψ' => "ps", 'ω' | 'ώ' => "o",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::latin;

    #[test]
    fn names_in_cyrillic_and_greek_get_the_english_spelling() {
        assert_eq!(latin("зеленский").as_deref(), Some("zelensky"));
        assert_eq!(latin("зеленского").as_deref(), Some("zelensky"));
        assert_eq!(latin("путиным").as_deref(), Some("putin"));
        assert_eq!(latin("лавров").as_deref(), Some("lavrov"));
        assert_eq!(latin("шойгу").as_deref(), Some("shoigu"));
        assert_eq!(latin("владимир путин").as_deref(), Some("vladimir putin"));
        assert_eq!(latin("τσίπρας").as_deref(), Some("tsipras"));
        assert_eq!(latin("kim"), None);
        assert_eq!(latin("2021").as_deref(), None);
    }
}
