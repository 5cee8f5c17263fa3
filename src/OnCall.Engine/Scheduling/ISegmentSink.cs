namespace OnCall.Engine.Scheduling;

/// <summary>Where a render's final pieces go, so they can become shifts without a list in between.</summary>
internal interface ISegmentSink
{
    void Add(in Segment segment);
}
