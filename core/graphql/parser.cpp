#include "graphql/parser.h"

#include "graphql/lexer.h"

using namespace Qt::StringLiterals;

namespace pulse::graphql {

namespace {

class Parser {
public:
    Parser(const QString& source, const ParseLimits& limits)
        : m_lexer(source)
        , m_limits(limits)
    {
        advance();
    }

    bool isFailed() const { return m_error.has_value(); }
    Error takeError() { return std::move(*m_error); }
    bool atEnd() const { return m_tok.kind == Token::Kind::End; }

    void document(Document& doc)
    {
        if (atEnd()) {
            fail(m_tok.location, u"Syntax Error: Unexpected <EOF>."_s);
            return;
        }
        while (!isFailed() && !atEnd())
            definition(doc);
    }

    std::optional<TypeRef> typeRef()
    {
        TypeRef t;
        if (!type(t))
            return std::nullopt;
        return t;
    }

    bool value(Value& out, bool isConst);

private:
    void advance()
    {
        if (isFailed())
            return;
        m_tok = m_lexer.next();
        if (m_tok.kind == Token::Kind::Error) {
            fail(m_tok.location, m_tok.value);
        } else if (m_lexer.tokenCount() > m_limits.maxTokens) {
            fail(m_tok.location, u"Document has too many tokens: more than %1."_s.arg(m_limits.maxTokens));
        }
    }

    bool fail(Location loc, const QString& message)
    {
        if (!m_error)
            m_error = Error { message, { loc }, {} };
        m_tok.kind = Token::Kind::End;
        return false;
    }

    bool unexpected()
    {
        if (isFailed())
            return false;
        return fail(m_tok.location, u"Syntax Error: Unexpected "_s + m_tok.describe() + u'.');
    }

    bool expect(Token::Kind kind)
    {
        if (isFailed())
            return false;
        if (m_tok.kind != kind)
            return fail(m_tok.location,
                u"Syntax Error: Expected "_s + tokenKindName(kind) + u", found "_s + m_tok.describe() + u'.');
        advance();
        return !isFailed();
    }

    bool skip(Token::Kind kind)
    {
        if (m_tok.kind != kind || isFailed())
            return false;
        advance();
        return true;
    }

    bool isKeyword(QStringView word) const { return m_tok.kind == Token::Kind::Name && m_tok.value == word; }

    bool name(QString& out)
    {
        if (m_tok.kind != Token::Kind::Name)
            return expect(Token::Kind::Name);
        out = m_tok.value;
        advance();
        return !isFailed();
    }

    bool enter(Location loc)
    {
        if (++m_depth > m_limits.maxDepth)
            return fail(loc, u"Document nests too deeply: more than %1 levels."_s.arg(m_limits.maxDepth));
        return true;
    }
    void leave() { --m_depth; }

    void definition(Document& doc);
    bool operation(OperationDefinition& op);
    bool fragment(FragmentDefinition& frag);
    bool variableDefinitions(std::vector<VariableDefinition>& out);
    bool type(TypeRef& out);
    bool directives(std::vector<Directive>& out, bool isConst);
    bool arguments(std::vector<Argument>& out, bool isConst);
    bool selectionSet(std::vector<Selection>& out);
    bool selection(Selection& out);

    Lexer m_lexer;
    const ParseLimits& m_limits;
    Token m_tok;
    std::optional<Error> m_error;
    int m_depth = 0;
};

void Parser::definition(Document& doc)
{
    if (m_tok.kind == Token::Kind::BraceL || isKeyword(u"query") || isKeyword(u"mutation")
        || isKeyword(u"subscription")) {
        OperationDefinition op;
        if (operation(op))
            doc.operations.push_back(std::move(op));
        return;
    }
    if (isKeyword(u"fragment")) {
        FragmentDefinition frag;
        if (fragment(frag)) {
            if (!doc.fragmentIndex.contains(frag.name))
                doc.fragmentIndex.insert(frag.name, doc.fragments.size());
            doc.fragments.push_back(std::move(frag));
        }
        return;
    }
    if (m_tok.kind == Token::Kind::Name || m_tok.kind == Token::Kind::String
        || m_tok.kind == Token::Kind::BlockString) {
        fail(m_tok.location,
            u"Syntax Error: Unexpected "_s + m_tok.describe()
                + u": only operations and fragments are allowed (executable documents)."_s);
        return;
    }
    unexpected();
}

bool Parser::operation(OperationDefinition& op)
{
    op.location = m_tok.location;
    if (m_tok.kind == Token::Kind::BraceL)
        return selectionSet(op.selectionSet);
    op.type = m_tok.value == u"query"_s ? OperationType::Query
        : m_tok.value == u"mutation"_s  ? OperationType::Mutation
                                        : OperationType::Subscription;
    advance();
    if (m_tok.kind == Token::Kind::Name && !name(op.name))
        return false;
    if (m_tok.kind == Token::Kind::ParenL && !variableDefinitions(op.variables))
        return false;
    return directives(op.directives, false) && selectionSet(op.selectionSet);
}

bool Parser::fragment(FragmentDefinition& frag)
{
    frag.location = m_tok.location;
    advance();
    if (isKeyword(u"on"))
        return unexpected();
    if (!name(frag.name))
        return false;
    if (!isKeyword(u"on"))
        return fail(m_tok.location, u"Syntax Error: Expected \"on\", found "_s + m_tok.describe() + u'.');
    advance();
    return name(frag.typeCondition) && directives(frag.directives, false) && selectionSet(frag.selectionSet);
}

bool Parser::variableDefinitions(std::vector<VariableDefinition>& out)
{
    if (!expect(Token::Kind::ParenL))
        return false;
    do {
        VariableDefinition def;
        def.location = m_tok.location;
        if (!expect(Token::Kind::Dollar) || !name(def.name) || !expect(Token::Kind::Colon) || !type(def.type))
            return false;
        if (skip(Token::Kind::Equals)) {
            Value v;
            if (!value(v, true))
                return false;
            def.defaultValue = std::move(v);
        }
        if (!directives(def.directives, true))
            return false;
        out.push_back(std::move(def));
    } while (!isFailed() && m_tok.kind != Token::Kind::ParenR);
    return expect(Token::Kind::ParenR);
}

bool Parser::type(TypeRef& out)
{
    if (m_tok.kind == Token::Kind::BracketL) {
        if (!enter(m_tok.location))
            return false;
        advance();
        TypeRef inner;
        if (!type(inner) || !expect(Token::Kind::BracketR))
            return false;
        leave();
        out = TypeRef::list(std::move(inner));
    } else {
        QString n;
        if (!name(n))
            return false;
        out = TypeRef::named(std::move(n));
    }
    if (skip(Token::Kind::Bang))
        out = TypeRef::nonNull(std::move(out));
    return !isFailed();
}

bool Parser::directives(std::vector<Directive>& out, bool isConst)
{
    while (m_tok.kind == Token::Kind::At) {
        Directive d;
        d.location = m_tok.location;
        advance();
        if (!name(d.name))
            return false;
        if (m_tok.kind == Token::Kind::ParenL && !arguments(d.arguments, isConst))
            return false;
        out.push_back(std::move(d));
    }
    return !isFailed();
}

bool Parser::arguments(std::vector<Argument>& out, bool isConst)
{
    if (!expect(Token::Kind::ParenL))
        return false;
    do {
        Argument a;
        a.location = m_tok.location;
        if (!name(a.name) || !expect(Token::Kind::Colon) || !value(a.value, isConst))
            return false;
        out.push_back(std::move(a));
    } while (!isFailed() && m_tok.kind != Token::Kind::ParenR);
    return expect(Token::Kind::ParenR);
}

bool Parser::value(Value& out, bool isConst)
{
    out.location = m_tok.location;
    switch (m_tok.kind) {
    case Token::Kind::Dollar:
        if (isConst) {
            advance();
            const QString n = m_tok.kind == Token::Kind::Name ? m_tok.value : QString();
            return fail(out.location, u"Syntax Error: Unexpected variable \"$"_s + n + u"\" in constant value."_s);
        }
        advance();
        out.kind = Value::Kind::Variable;
        return name(out.text);
    case Token::Kind::Int:
    case Token::Kind::Float:
        out.kind = m_tok.kind == Token::Kind::Int ? Value::Kind::Int : Value::Kind::Float;
        out.text = m_tok.value;
        advance();
        return !isFailed();
    case Token::Kind::String:
    case Token::Kind::BlockString:
        out.kind = Value::Kind::String;
        out.text = m_tok.value;
        advance();
        return !isFailed();
    case Token::Kind::Name:
        if (m_tok.value == u"true"_s || m_tok.value == u"false"_s) {
            out.kind = Value::Kind::Boolean;
            out.boolean = m_tok.value == u"true"_s;
        } else if (m_tok.value == u"null"_s) {
            out.kind = Value::Kind::Null;
        } else {
            out.kind = Value::Kind::Enum;
            out.text = m_tok.value;
        }
        advance();
        return !isFailed();
    case Token::Kind::BracketL: {
        if (!enter(m_tok.location))
            return false;
        out.kind = Value::Kind::List;
        advance();
        while (!isFailed() && m_tok.kind != Token::Kind::BracketR) {
            Value item;
            if (!value(item, isConst))
                return false;
            out.list.push_back(std::move(item));
        }
        leave();
        return expect(Token::Kind::BracketR);
    }
    case Token::Kind::BraceL: {
        if (!enter(m_tok.location))
            return false;
        out.kind = Value::Kind::Object;
        advance();
        while (!isFailed() && m_tok.kind != Token::Kind::BraceR) {
            const Location loc = m_tok.location;
            QString key;
            Value item;
            if (!name(key) || !expect(Token::Kind::Colon) || !value(item, isConst))
                return false;
            out.fields.push_back({ std::move(key), std::move(item) });
            out.fieldLocations.push_back(loc);
        }
        leave();
        return expect(Token::Kind::BraceR);
    }
    default:
        return unexpected();
    }
}

bool Parser::selectionSet(std::vector<Selection>& out)
{
    if (!enter(m_tok.location) || !expect(Token::Kind::BraceL))
        return false;
    do {
        Selection s;
        if (!selection(s))
            return false;
        out.push_back(std::move(s));
    } while (!isFailed() && m_tok.kind != Token::Kind::BraceR);
    leave();
    return expect(Token::Kind::BraceR);
}

bool Parser::selection(Selection& out)
{
    out.location = m_tok.location;
    if (skip(Token::Kind::Spread)) {
        if (m_tok.kind == Token::Kind::Name && !isKeyword(u"on")) {
            out.kind = Selection::Kind::FragmentSpread;
            return name(out.name) && directives(out.directives, false);
        }
        out.kind = Selection::Kind::InlineFragment;
        if (isKeyword(u"on")) {
            advance();
            if (!name(out.typeCondition))
                return false;
        }
        out.hasSelectionSet = true;
        return directives(out.directives, false) && selectionSet(out.selectionSet);
    }
    out.kind = Selection::Kind::Field;
    if (!name(out.name))
        return false;
    if (skip(Token::Kind::Colon)) {
        out.alias = std::move(out.name);
        if (!name(out.name))
            return false;
    }
    if (m_tok.kind == Token::Kind::ParenL && !arguments(out.arguments, false))
        return false;
    if (!directives(out.directives, false))
        return false;
    if (m_tok.kind == Token::Kind::BraceL) {
        out.hasSelectionSet = true;
        return selectionSet(out.selectionSet);
    }
    return !isFailed();
}

} // namespace

ParseResult parseDocument(const QString& source, const ParseLimits& limits)
{
    ParseResult result;
    if (source.size() > limits.maxSourceChars) {
        result.error.message
            = u"Document is too large: %1 characters, the limit is %2."_s.arg(source.size()).arg(limits.maxSourceChars);
        return result;
    }
    Parser parser(source, limits);
    Document doc;
    parser.document(doc);
    if (parser.isFailed()) {
        result.error = parser.takeError();
        return result;
    }
    result.document = std::move(doc);
    return result;
}

std::optional<TypeRef> parseTypeRef(const QString& source)
{
    const ParseLimits limits;
    Parser parser(source, limits);
    std::optional<TypeRef> t = parser.typeRef();
    if (parser.isFailed() || !parser.atEnd())
        return std::nullopt;
    return t;
}

std::optional<Value> parseConstValue(const QString& source)
{
    const ParseLimits limits;
    Parser parser(source, limits);
    Value v;
    if (!parser.value(v, true) || !parser.atEnd())
        return std::nullopt;
    return v;
}

} // namespace pulse::graphql
