namespace SlideEmbed.Worker;

/// <summary>What the worker does with a source slide once it is finished (embedded, or given up on).</summary>
public enum FinishedSourceAction
{
    /// <summary>Move it into <c>done/</c> (or <c>failed/</c>, beside a JSON file giving the reason).</summary>
    Move,

    /// <summary>Leave it in place and write a <c>&lt;name&gt;.done</c> (or <c>&lt;name&gt;.failed</c>) JSON marker beside it.</summary>
    Marker,
}
