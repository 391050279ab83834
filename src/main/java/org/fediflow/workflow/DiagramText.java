package org.fediflow.workflow;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A diagram saved from the console written as a small change to the file it replaces: the editor (bpmn-js) writes the
 * whole file anew, without its comments and in its own layout, so a one-field change would rewrite every line. Here
 * only what differs is carried into the stored file's text: an element's changed attributes (its other attributes
 * and its layout kept), an element's changed text, added and removed elements (matched by id, else by name, else by
 * position), and an element whose children changed order taken whole. Comments and the rest of the text stay byte
 * for byte. The result must read as the same diagram as the one sent (comments and blank text aside); when it does
 * not, or either file cannot be read, the one sent is used as it is.
 *
 * <p>Longer than most classes, as one job: the merge needs where each element and attribute begins and ends in the
 * text, which no XML parser reports, so the small reader of tags ({@code Reader}, {@code Tag}) lives here with the
 * only code that uses those positions; the canonical form at the end is the check that the merge read right.
 */
final class DiagramText {

    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    private DiagramText() {
    }

    /** The file to write: {@code stored} changed where {@code incoming} differs from it, or {@code incoming}. */
    static byte[] keepingText(byte[] stored, byte[] incoming) {
        if (stored == null) {
            return incoming;
        }
        try {
            String base = new String(stored, StandardCharsets.UTF_8);
            String sent = new String(incoming, StandardCharsets.UTF_8);
            Tag storedRoot = new Reader(base).root();
            Tag sentRoot = new Reader(sent).root();
            if (!storedRoot.name.equals(sentRoot.name)) {
                return incoming;
            }
            // A file written without layout stays without: the editor lays it out each time it opens it.
            boolean layout = storedRoot.children.stream().anyMatch(DiagramText::isLayout);
            if (!layout) {
                sentRoot.children.stream().filter(DiagramText::isLayout).forEach(tag -> tag.ignored = true);
            }
            String wanted = canonical(incoming, layout);
            // Namespaces the editor declares are left out unless what it added needs them.
            for (boolean namespaces : new boolean[] {false, true}) {
                byte[] merged = merged(storedRoot, base, sentRoot, sent, namespaces);
                try {
                    if (canonical(merged, layout).equals(wanted)) {
                        return merged;
                    }
                } catch (IllegalArgumentException e) {
                    // an undeclared prefix: try with the editor's declarations
                }
            }
            return incoming;
        } catch (RuntimeException e) {
            return incoming;
        }
    }

    private static byte[] merged(Tag storedRoot, String base, Tag sentRoot, String sent, boolean namespaces) {
        List<Edit> edits = new ArrayList<>();
        merge(storedRoot, base, sentRoot, sent, edits, namespaces);
        edits.sort(Comparator.comparingInt((Edit e) -> e.from).reversed());
        StringBuilder out = new StringBuilder(base);
        for (Edit edit : edits) {
            out.replace(edit.from, edit.to, edit.text);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Edit(int from, int to, String text) {
    }

    private static void merge(Tag old, String base, Tag now, String sent, List<Edit> edits, boolean namespaces) {
        Map<String, String> wanted = now.attributeValues();
        if (!namespaces) {
            wanted.keySet().removeIf(name -> name.startsWith("xmlns") && !old.attributeValues().containsKey(name));
        }
        if (!old.attributeValues().equals(wanted)) {
            edits.add(new Edit(old.start, old.startEnd, startTag(old, base, wanted, now.selfClosing)));
        }
        if (old.children.stream().noneMatch(DiagramText::derived)) {
            now.children.stream().filter(DiagramText::derived).forEach(tag -> tag.ignored = true);
        }
        List<Tag> nowChildren = now.children.stream().filter(tag -> !tag.ignored).toList();
        boolean nowEmpty = now.selfClosing || (nowChildren.isEmpty() && text(now.ownText(sent)).isEmpty());
        if (old.selfClosing || now.selfClosing) {
            if (old.selfClosing != nowEmpty) {
                edits.add(new Edit(old.start, old.end, reindent(now, sent, indentOf(old.start, base))));
            }
            return;
        }
        if (old.children.isEmpty() && nowChildren.isEmpty()) {
            String before = text(old.ownText(base));
            String after = text(now.ownText(sent));
            if (!before.equals(after)) {
                edits.add(new Edit(old.startEnd, old.contentEnd, sent.substring(now.startEnd, now.contentEnd)));
            }
            return;
        }
        if (!text(old.ownText(base)).equals(text(now.ownText(sent)))) {
            edits.add(new Edit(old.start, old.end, reindent(now, sent, indentOf(old.start, base))));
            return;
        }
        Map<String, Tag> olds = keyed(old.children);
        Map<String, Tag> nows = keyed(nowChildren);
        List<String> keptInOld = olds.keySet().stream().filter(nows::containsKey).toList();
        List<String> keptInNow = nows.keySet().stream().filter(olds::containsKey).toList();
        if (!keptInOld.equals(keptInNow)) {
            edits.add(new Edit(old.start, old.end, reindent(now, sent, indentOf(old.start, base))));
            return;
        }
        olds.forEach((key, child) -> {
            if (nows.containsKey(key)) {
                merge(child, base, nows.get(key), sent, edits, namespaces);
            } else {
                edits.add(removal(child, base));
            }
        });
        String childIndent = old.children.isEmpty() ? indentOf(old.start, base) + "  " : indentOf(old.children.get(0).start, base);
        int at = old.startEnd;
        StringBuilder pending = new StringBuilder();
        for (var entry : nows.entrySet()) {
            Tag kept = olds.get(entry.getKey());
            if (kept != null) {
                if (!pending.isEmpty()) {
                    edits.add(new Edit(at, at, pending.toString()));
                    pending.setLength(0);
                }
                at = kept.end;
            } else {
                pending.append('\n').append(childIndent).append(reindent(entry.getValue(), sent, childIndent));
            }
        }
        if (!pending.isEmpty()) {
            edits.add(new Edit(at, at, pending.toString()));
        }
    }

    private static boolean isLayout(Tag tag) {
        return tag.name.endsWith("BPMNDiagram");
    }

    /**
     * A flow node's {@code incoming} and {@code outgoing} children: the editor writes them, the engine ignores them
     * (the flows' source and target say the same), and a file without them stays without them.
     */
    private static boolean derived(Tag tag) {
        String local = tag.name.substring(tag.name.indexOf(':') + 1);
        return "incoming".equals(local) || "outgoing".equals(local);
    }

    /** The start tag with the stored attributes' text where unchanged, new values where changed, added ones last. */
    private static String startTag(Tag old, String base, Map<String, String> attributes, boolean selfClosing) {
        StringBuilder tag = new StringBuilder("<").append(old.name);
        Map<String, String> wanted = new LinkedHashMap<>(attributes);
        for (Attribute a : old.attributes) {
            String value = wanted.remove(a.name);
            if (value == null) {
                continue;
            }
            tag.append(value.equals(a.value) ? base.substring(a.from, a.to)
                    : base.substring(a.from, a.nameFrom) + a.name + "=\"" + escape(value) + "\"");
        }
        wanted.forEach((name, value) -> tag.append(' ').append(name).append("=\"").append(escape(value)).append('"'));
        return tag.append(old.selfClosing && selfClosing ? "/>" : ">").toString();
    }

    /** The element and the blank text before it on its line, with the line's end. */
    private static Edit removal(Tag child, String base) {
        int from = child.start;
        while (from > 0 && (base.charAt(from - 1) == ' ' || base.charAt(from - 1) == '\t')) {
            from--;
        }
        if (from > 0 && base.charAt(from - 1) == '\n') {
            from--;
            if (from > 0 && base.charAt(from - 1) == '\r') {
                from--;
            }
            return new Edit(from, child.end, "");
        }
        return new Edit(child.start, child.end, "");
    }

    private static String indentOf(int position, String text) {
        int lineStart = text.lastIndexOf('\n', position - 1) + 1;
        String before = text.substring(lineStart, position);
        return before.isBlank() ? before : "";
    }

    /** The element's text in the sent file, its lines moved from its indentation there to {@code indent}. */
    private static String reindent(Tag element, String sent, String indent) {
        String own = indentOf(element.start, sent);
        String text = sent.substring(element.start, element.end);
        return own.equals(indent) ? text : text.replace("\n" + own, "\n" + indent);
    }

    private static Map<String, Tag> keyed(List<Tag> children) {
        Map<String, Tag> out = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Tag child : children) {
            Map<String, String> attributes = child.attributeValues();
            String local = child.name.substring(child.name.indexOf(':') + 1);
            String key = attributes.containsKey("id") ? local + "#" + attributes.get("id")
                    : attributes.containsKey("name") ? local + "@" + attributes.get("name")
                    : local + "/" + counts.merge(local, 1, Integer::sum);
            if (out.putIfAbsent(key, child) != null) {
                throw new IllegalArgumentException("two children named " + key);
            }
        }
        return out;
    }

    /** Entities and character references read. */
    private static String decode(String raw) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '&') {
                int end = raw.indexOf(';', i);
                out.append(entity(raw.substring(i + 1, end)));
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Text with entities and CDATA read, so that differently written equal text is equal. */
    private static String text(String raw) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("<![CDATA[", i)) {
                int end = raw.indexOf("]]>", i);
                out.append(raw, i + 9, end);
                i = end + 3;
            } else if (raw.startsWith("<!--", i)) {
                i = raw.indexOf("-->", i) + 3;
            } else if (raw.charAt(i) == '&') {
                int end = raw.indexOf(';', i);
                out.append(entity(raw.substring(i + 1, end)));
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return out.toString().strip();
    }

    private static String entity(String name) {
        return switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            case "apos" -> "'";
            default -> name.startsWith("#x") ? Character.toString(Integer.parseInt(name.substring(2), 16))
                    : name.startsWith("#") ? Character.toString(Integer.parseInt(name.substring(1)))
                    : "&" + name + ";";
        };
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private record Attribute(String name, String value, int from, int nameFrom, int to) {
    }

    /** One element of the file: where its start tag, content and end are in the text. */
    private static final class Tag {
        String name;
        final List<Attribute> attributes = new ArrayList<>();
        final List<Tag> children = new ArrayList<>();
        int start;
        int startEnd;
        int contentEnd;
        int end;
        boolean selfClosing;
        /** Left out of the comparison (what the editor adds that the stored file goes without). */
        boolean ignored;

        Map<String, String> attributeValues() {
            Map<String, String> out = new LinkedHashMap<>();
            attributes.forEach(a -> out.put(a.name, a.value));
            return out;
        }

        /** The content's text outside the child elements (mixed content). */
        String ownText(String text) {
            StringBuilder out = new StringBuilder();
            int at = startEnd;
            for (Tag child : children) {
                out.append(text, at, child.start);
                at = child.end;
            }
            return out.append(text, at, contentEnd).toString();
        }
    }

    /** Reads the elements of a well-formed file with where each begins and ends (comments, PIs and CDATA skipped). */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Tag root() {
            skipMisc();
            return element();
        }

        private void skipMisc() {
            while (true) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (text.startsWith("<?", at)) {
                    at = text.indexOf("?>", at) + 2;
                } else if (text.startsWith("<!--", at)) {
                    at = text.indexOf("-->", at) + 3;
                } else if (text.startsWith("<!", at)) {
                    throw new IllegalArgumentException("a DTD is not read here");
                } else {
                    return;
                }
                if (at < 3) {
                    throw new IllegalArgumentException("unterminated markup");
                }
            }
        }

        private Tag element() {
            if (!text.startsWith("<", at)) {
                throw new IllegalArgumentException("no element at " + at);
            }
            Tag tag = new Tag();
            tag.start = at;
            at++;
            tag.name = name();
            while (true) {
                int from = at;
                while (Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (text.startsWith("/>", at)) {
                    at += 2;
                    tag.selfClosing = true;
                    tag.startEnd = at;
                    tag.contentEnd = at;
                    tag.end = at;
                    return tag;
                }
                if (text.charAt(at) == '>') {
                    at++;
                    break;
                }
                if (at == from) {
                    throw new IllegalArgumentException("no space before an attribute at " + at);
                }
                int nameFrom = at;
                String name = name();
                while (Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                expect('=');
                while (Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                char quote = text.charAt(at);
                if (quote != '"' && quote != '\'') {
                    throw new IllegalArgumentException("unquoted attribute at " + at);
                }
                int end = text.indexOf(quote, at + 1);
                String raw = text.substring(at + 1, end);
                at = end + 1;
                // Read as an XML parser does: literal line breaks and tabs are spaces, &#10; is a line break.
                String value = decode(raw.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '));
                tag.attributes.add(new Attribute(name, value, from, nameFrom, at));
            }
            tag.startEnd = at;
            while (true) {
                int lt = text.indexOf('<', at);
                if (lt < 0) {
                    throw new IllegalArgumentException("no end tag for " + tag.name);
                }
                at = lt;
                if (text.startsWith("<!--", at)) {
                    at = text.indexOf("-->", at) + 3;
                } else if (text.startsWith("<![CDATA[", at)) {
                    at = text.indexOf("]]>", at) + 3;
                } else if (text.startsWith("<?", at)) {
                    at = text.indexOf("?>", at) + 2;
                } else if (text.startsWith("</", at)) {
                    tag.contentEnd = at;
                    at += 2;
                    String name = name();
                    if (!name.equals(tag.name)) {
                        throw new IllegalArgumentException("</" + name + "> closes <" + tag.name + ">");
                    }
                    while (Character.isWhitespace(text.charAt(at))) {
                        at++;
                    }
                    expect('>');
                    tag.end = at;
                    return tag;
                } else {
                    tag.children.add(element());
                }
                if (at < 3) {
                    throw new IllegalArgumentException("unterminated markup");
                }
            }
        }

        private String name() {
            int from = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && "/>=".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            if (at == from) {
                throw new IllegalArgumentException("no name at " + at);
            }
            return text.substring(from, at);
        }

        private void expect(char c) {
            if (text.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
            at++;
        }
    }

    /** The document as a parser reads it, comments and blank text left out, attributes in name order. */
    static String canonical(byte[] xml) {
        return canonical(xml, true);
    }

    /** @param layout with the diagram interchange ({@code bpmndi:BPMNDiagram}) */
    static String canonical(byte[] xml, boolean layout) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setCoalescing(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not readable: " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder();
        if (!layout) {
            Element root = document.getDocumentElement();
            for (Node child = root.getFirstChild(); child != null; ) {
                Node next = child.getNextSibling();
                if (child instanceof Element e && "BPMNDiagram".equals(e.getLocalName())) {
                    root.removeChild(child);
                }
                child = next;
            }
        }
        canonical(document.getDocumentElement(), out);
        return out.toString();
    }

    private static void canonical(Element element, StringBuilder out) {
        out.append("<{").append(element.getNamespaceURI()).append('}').append(element.getLocalName());
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            Node a = element.getAttributes().item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                attributes.put("{" + a.getNamespaceURI() + "}" + a.getLocalName(), a.getNodeValue());
            }
        }
        attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
        out.append('>');
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                if (!(BPMN.equals(e.getNamespaceURI()) && ("incoming".equals(e.getLocalName()) || "outgoing".equals(e.getLocalName())))) {
                    canonical(e, out);
                }
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                if (!child.getNodeValue().isBlank()) {
                    out.append(child.getNodeValue().strip());
                }
            }
        }
        out.append("</>");
    }
}
