// The Rust side of the differential-testing wire format, as source text compiled into the port's harness
// binary: a std-only JSON reader and writer (integers exact as i128, NaN/Infinity as Python writes them) and
// the FromJson/ToJson conversions between JSON and the Rust types a port's signatures use. Sets are written
// as {"$set": [...]} and compared as multisets; an `Err` result becomes an error outcome like a Python exception.

export const rustJsonModule = String.raw`
#[derive(Clone, Debug)]
pub enum Json { Null, Bool(bool), Int(i128), Float(f64), Str(String), Arr(Vec<Json>), Obj(Vec<(String, Json)>), Set(Vec<Json>), Err(String) }

pub struct Reader<'a> { s: &'a [u8], i: usize }

impl<'a> Reader<'a> {
    pub fn parse(text: &'a str) -> Result<Json, String> {
        let mut reader = Reader { s: text.as_bytes(), i: 0 };
        let value = reader.value()?;
        reader.ws();
        if reader.i != reader.s.len() { return Err("trailing text".into()); }
        Ok(value)
    }
    fn ws(&mut self) { while self.i < self.s.len() && (self.s[self.i] as char).is_ascii_whitespace() { self.i += 1; } }
    fn eat(&mut self, word: &str) -> bool {
        if self.s[self.i..].starts_with(word.as_bytes()) { self.i += word.len(); true } else { false }
    }
    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i).copied() {
            None => Err("unexpected end".into()),
            Some(b'{') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("}") { return Ok(Json::Obj(items)); }
                loop {
                    self.ws();
                    let key = match self.value()? { Json::Str(k) => k, _ => return Err("object key must be a string".into()) };
                    self.ws();
                    if !self.eat(":") { return Err("expected ':'".into()); }
                    let value = self.value()?;
                    items.push((key, value));
                    self.ws();
                    if self.eat(",") { continue; }
                    if self.eat("}") { return Ok(Json::Obj(items)); }
                    return Err("expected ',' or '}'".into());
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]") { return Ok(Json::Arr(items)); }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    if self.eat(",") { continue; }
                    if self.eat("]") { return Ok(Json::Arr(items)); }
                    return Err("expected ',' or ']'".into());
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(_) => {
                if self.eat("true") { return Ok(Json::Bool(true)); }
                if self.eat("false") { return Ok(Json::Bool(false)); }
                if self.eat("null") { return Ok(Json::Null); }
                if self.eat("NaN") { return Ok(Json::Float(f64::NAN)); }
                if self.eat("Infinity") { return Ok(Json::Float(f64::INFINITY)); }
                if self.eat("-Infinity") { return Ok(Json::Float(f64::NEG_INFINITY)); }
                let start = self.i;
                while self.i < self.s.len() && b"+-0123456789.eE".contains(&self.s[self.i]) { self.i += 1; }
                let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                if text.is_empty() { return Err("unexpected character".into()); }
                if text.contains(|c| c == '.' || c == 'e' || c == 'E') {
                    text.parse::<f64>().map(Json::Float).map_err(|e| e.to_string())
                } else {
                    match text.parse::<i128>() { Ok(i) => Ok(Json::Int(i)), Err(_) => text.parse::<f64>().map(Json::Float).map_err(|e| e.to_string()) }
                }
            }
        }
    }
    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.s.get(self.i..self.i + 4).ok_or("short \\u escape")?;
        let value = u32::from_str_radix(std::str::from_utf8(digits).map_err(|e| e.to_string())?, 16).map_err(|e| e.to_string())?;
        self.i += 4;
        Ok(value)
    }
    fn string(&mut self) -> Result<String, String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != b'"' && self.s[self.i] != b'\\' { self.i += 1; }
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?);
            match self.s.get(self.i).copied() {
                None => return Err("unterminated string".into()),
                Some(b'"') => { self.i += 1; return Ok(out); }
                _ => {
                    let escape = *self.s.get(self.i + 1).ok_or("bad escape")?;
                    self.i += 2;
                    match escape {
                        b'n' => out.push('\n'), b't' => out.push('\t'), b'r' => out.push('\r'), b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'), b'/' => out.push('/'), b'\\' => out.push('\\'), b'"' => out.push('"'),
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code) && self.eat("\\u") {
                                let low = self.hex4()?;
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                            }
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err("bad escape".into()),
                    }
                }
            }
        }
    }
}

pub fn write(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(i) => out.push_str(&i.to_string()),
        Json::Float(f) => {
            if f.is_nan() { out.push_str("NaN") }
            else if f.is_infinite() { out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" }) }
            else { out.push_str(&format!("{:?}", f)) }
        }
        Json::Str(s) => write_string(s, out),
        Json::Arr(items) => write_items(items, out),
        Json::Set(items) => { out.push_str("{\"$set\":"); write_items(items, out); out.push('}') }
        Json::Obj(items) => {
            out.push('{');
            for (n, (key, item)) in items.iter().enumerate() {
                if n > 0 { out.push(','); }
                write_string(key, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
        Json::Err(message) => { out.push_str("{\"$error\":"); write_string(message, out); out.push('}') }
    }
}

fn write_items(items: &[Json], out: &mut String) {
    out.push('[');
    for (n, item) in items.iter().enumerate() {
        if n > 0 { out.push(','); }
        write(item, out);
    }
    out.push(']');
}

pub fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""), '\\' => out.push_str("\\\\"), '\n' => out.push_str("\\n"), '\r' => out.push_str("\\r"), '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

pub trait FromJson: Sized { fn from_json(value: &Json) -> Result<Self, String>; }
pub trait ToJson { fn to_json(&self) -> Json; }

macro_rules! integers {
    ($($t:ty),*) => { $(
        impl FromJson for $t {
            fn from_json(value: &Json) -> Result<Self, String> {
                match value {
                    Json::Int(i) => <$t>::try_from(*i).map_err(|_| format!("{} does not fit {}", i, stringify!($t))),
                    _ => Err(format!("expected an integer for {}", stringify!($t))),
                }
            }
        }
        impl ToJson for $t { fn to_json(&self) -> Json { Json::Int(*self as i128) } }
    )* }
}
integers!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);

impl FromJson for u128 {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Int(i) => u128::try_from(*i).map_err(|_| format!("{} does not fit u128", i)), _ => Err("expected an integer for u128".into()) }
    }
}
impl ToJson for u128 { fn to_json(&self) -> Json { match i128::try_from(*self) { Ok(i) => Json::Int(i), Err(_) => Json::Float(*self as f64) } } }

impl FromJson for f64 {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Float(f) => Ok(*f), Json::Int(i) => Ok(*i as f64), _ => Err("expected a number for f64".into()) }
    }
}
impl ToJson for f64 { fn to_json(&self) -> Json { Json::Float(*self) } }
impl FromJson for f32 {
    fn from_json(value: &Json) -> Result<Self, String> { f64::from_json(value).map(|f| f as f32) }
}
impl ToJson for f32 { fn to_json(&self) -> Json { Json::Float(*self as f64) } }
impl FromJson for bool {
    fn from_json(value: &Json) -> Result<Self, String> { match value { Json::Bool(b) => Ok(*b), _ => Err("expected a bool".into()) } }
}
impl ToJson for bool { fn to_json(&self) -> Json { Json::Bool(*self) } }
impl FromJson for String {
    fn from_json(value: &Json) -> Result<Self, String> { match value { Json::Str(s) => Ok(s.clone()), _ => Err("expected a string".into()) } }
}
impl ToJson for String { fn to_json(&self) -> Json { Json::Str(self.clone()) } }
impl ToJson for str { fn to_json(&self) -> Json { Json::Str(self.to_string()) } }
impl FromJson for char {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value {
            Json::Str(s) if s.chars().count() == 1 => Ok(s.chars().next().unwrap()),
            _ => Err("expected a one-character string for char".into()),
        }
    }
}
impl ToJson for char { fn to_json(&self) -> Json { Json::Str(self.to_string()) } }
impl ToJson for () { fn to_json(&self) -> Json { Json::Null } }
impl<T: ToJson + ?Sized> ToJson for &T { fn to_json(&self) -> Json { (**self).to_json() } }
impl<T: ToJson + ?Sized> ToJson for &mut T { fn to_json(&self) -> Json { (**self).to_json() } }
impl<T: ToJson + ?Sized> ToJson for Box<T> { fn to_json(&self) -> Json { (**self).to_json() } }
impl<T: FromJson> FromJson for Box<T> { fn from_json(value: &Json) -> Result<Self, String> { T::from_json(value).map(Box::new) } }
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Arr(items) => items.iter().map(T::from_json).collect(), _ => Err("expected a list".into()) }
    }
}
impl<T: ToJson> ToJson for Vec<T> { fn to_json(&self) -> Json { Json::Arr(self.iter().map(|x| x.to_json()).collect()) } }
impl<T: ToJson> ToJson for [T] { fn to_json(&self) -> Json { Json::Arr(self.iter().map(|x| x.to_json()).collect()) } }
impl<T: ToJson, const N: usize> ToJson for [T; N] { fn to_json(&self) -> Json { Json::Arr(self.iter().map(|x| x.to_json()).collect()) } }
impl<T: FromJson> FromJson for std::collections::VecDeque<T> {
    fn from_json(value: &Json) -> Result<Self, String> { Vec::<T>::from_json(value).map(|v| v.into_iter().collect()) }
}
impl<T: ToJson> ToJson for std::collections::VecDeque<T> { fn to_json(&self) -> Json { Json::Arr(self.iter().map(|x| x.to_json()).collect()) } }
impl<T: FromJson + std::hash::Hash + Eq> FromJson for std::collections::HashSet<T> {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Set(items) | Json::Arr(items) => items.iter().map(T::from_json).collect(), _ => Err("expected a set".into()) }
    }
}
impl<T: ToJson> ToJson for std::collections::HashSet<T> { fn to_json(&self) -> Json { Json::Set(self.iter().map(|x| x.to_json()).collect()) } }
impl<T: FromJson + Ord> FromJson for std::collections::BTreeSet<T> {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Set(items) | Json::Arr(items) => items.iter().map(T::from_json).collect(), _ => Err("expected a set".into()) }
    }
}
impl<T: ToJson> ToJson for std::collections::BTreeSet<T> { fn to_json(&self) -> Json { Json::Set(self.iter().map(|x| x.to_json()).collect()) } }
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Json) -> Result<Self, String> { match value { Json::Null => Ok(None), other => T::from_json(other).map(Some) } }
}
impl<T: ToJson> ToJson for Option<T> { fn to_json(&self) -> Json { match self { Some(x) => x.to_json(), None => Json::Null } } }
impl<T: ToJson, E: std::fmt::Debug> ToJson for Result<T, E> {
    fn to_json(&self) -> Json { match self { Ok(x) => x.to_json(), Err(e) => Json::Err(format!("{:?}", e)) } }
}

pub trait JsonKey: Sized { fn from_key(key: &str) -> Result<Self, String>; fn to_key(&self) -> String; }
impl JsonKey for String { fn from_key(key: &str) -> Result<Self, String> { Ok(key.to_string()) } fn to_key(&self) -> String { self.clone() } }
impl JsonKey for char {
    fn from_key(key: &str) -> Result<Self, String> { char::from_json(&Json::Str(key.to_string())) }
    fn to_key(&self) -> String { self.to_string() }
}
macro_rules! integer_keys {
    ($($t:ty),*) => { $(
        impl JsonKey for $t {
            fn from_key(key: &str) -> Result<Self, String> { key.parse::<$t>().map_err(|e| e.to_string()) }
            fn to_key(&self) -> String { self.to_string() }
        }
    )* }
}
integer_keys!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
impl<K: JsonKey + std::hash::Hash + Eq, V: FromJson> FromJson for std::collections::HashMap<K, V> {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Obj(items) => items.iter().map(|(k, v)| Ok((K::from_key(k)?, V::from_json(v)?))).collect(), _ => Err("expected a dict".into()) }
    }
}
impl<K: JsonKey, V: ToJson> ToJson for std::collections::HashMap<K, V> {
    fn to_json(&self) -> Json { Json::Obj(self.iter().map(|(k, v)| (k.to_key(), v.to_json())).collect()) }
}
impl<K: JsonKey + Ord, V: FromJson> FromJson for std::collections::BTreeMap<K, V> {
    fn from_json(value: &Json) -> Result<Self, String> {
        match value { Json::Obj(items) => items.iter().map(|(k, v)| Ok((K::from_key(k)?, V::from_json(v)?))).collect(), _ => Err("expected a dict".into()) }
    }
}
impl<K: JsonKey, V: ToJson> ToJson for std::collections::BTreeMap<K, V> {
    fn to_json(&self) -> Json { Json::Obj(self.iter().map(|(k, v)| (k.to_key(), v.to_json())).collect()) }
}
macro_rules! tuples {
    ($(($($name:ident $index:tt),+))*) => { $(
        impl<$($name: FromJson),+> FromJson for ($($name,)+) {
            fn from_json(value: &Json) -> Result<Self, String> {
                match value {
                    Json::Arr(items) if items.len() == [$($index),+].len() => Ok(($($name::from_json(&items[$index])?,)+)),
                    _ => Err("expected a tuple".into()),
                }
            }
        }
        impl<$($name: ToJson),+> ToJson for ($($name,)+) { fn to_json(&self) -> Json { Json::Arr(vec![$(self.$index.to_json()),+]) } }
    )* }
}
tuples!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3));
`;
